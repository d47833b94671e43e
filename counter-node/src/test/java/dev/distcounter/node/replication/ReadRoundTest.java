package dev.distcounter.node.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadRoundTest {
    private static final Versioned V1 = Versioned.value(new Version(1, "a:1", 1), "one");
    private static final Versioned V2 = Versioned.value(new Version(2, "a:1", 2), "two");
    private static final Versioned GONE = Versioned.tombstone(new Version(3, "b:1", 1));

    @Test
    void answersTheNewestOnceTheQuorumReplied() {
        ReadRound round = new ReadRound(List.of("a", "b", "c"), 2, 1);
        round.onReply("a", V1);
        assertThat(round.quorumReached()).isFalse();
        round.onReply("b", V2);
        assertThat(round.quorumReached()).isTrue();
        assertThat(round.newest()).isEqualTo(V2);
    }

    @Test
    void repairsAnOlderReplyAtOnce() {
        ReadRound round = new ReadRound(List.of("a", "b", "c"), 2, 1);
        assertThat(round.onReply("a", V2)).isEmpty();
        assertThat(round.onReply("b", V1)).containsExactly(new ReadRound.Repair("b", V2));
    }

    @Test
    void aLateNewerReplyRepairsEveryEarlierOne() {
        ReadRound round = new ReadRound(List.of("a", "b", "c"), 2, 1);
        round.onReply("a", V1);
        round.onReply("b", null);
        // b was repaired with V1 already; the late V2 from c makes a and b stale again.
        assertThat(round.onReply("c", V2))
                .containsExactlyInAnyOrder(new ReadRound.Repair("a", V2), new ReadRound.Repair("b", V2));
        assertThat(round.allReplied()).isTrue();
    }

    @Test
    void aReplicaThatHoldsNothingIsGivenTheTombstone() {
        ReadRound round = new ReadRound(List.of("a", "b"), 1, 1);
        round.onReply("a", GONE);
        assertThat(round.onReply("b", null)).containsExactly(new ReadRound.Repair("b", GONE));
    }

    @Test
    void equalVersionsNeedNoRepairAndNobodyIsRepairedTwiceWithTheSameVersion() {
        ReadRound round = new ReadRound(List.of("a", "b", "c"), 3, 1);
        round.onReply("a", V2);
        assertThat(round.onReply("b", V2)).isEmpty();
        assertThat(round.onReply("c", V1)).containsExactly(new ReadRound.Repair("c", V2));
        assertThat(round.onReply("c", V1)).as("a second reply from c").isEmpty();
    }

    @Test
    void ignoresNodesNotAsked() {
        ReadRound round = new ReadRound(List.of("a", "b"), 2, 1);
        round.onReply("x", V2);
        assertThat(round.replies()).isZero();
        assertThat(round.silent()).containsExactly("a", "b");
    }

    @Test
    void aNewestHeldByFewerThanWReplicasIsWrittenBackBeforeTheAnswer() {
        ReadRound round = new ReadRound(List.of("a", "b", "c"), 2, 2);
        round.onReply("a", V2); // say, left by a write that reached only a
        round.onReply("b", V1);
        assertThat(round.quorumReached()).isTrue();
        assertThat(round.holders()).isEqualTo(1);
        assertThat(round.answerable()).isFalse();
        round.onRepaired("b", V2.version());
        assertThat(round.holders()).isEqualTo(2);
        assertThat(round.answerable()).isTrue();
    }

    @Test
    void aKeyNobodyHoldsIsAnswerableAtTheQuorum() {
        ReadRound round = new ReadRound(List.of("a", "b", "c"), 2, 2);
        round.onReply("a", null);
        round.onReply("b", null);
        assertThat(round.answerable()).isTrue();
        assertThat(round.newest()).isNull();
    }
}

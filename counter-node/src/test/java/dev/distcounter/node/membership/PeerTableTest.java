package dev.distcounter.node.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.NodeAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerTableTest {
    static final NodeAddress SELF = NodeAddress.parse("localhost:9000");
    static final NodeAddress A = NodeAddress.parse("localhost:9001");
    static final NodeAddress B = NodeAddress.parse("localhost:9002");
    final PeerTable table = new PeerTable(SELF, MembershipConfig.defaults(), new SimpleMeterRegistry());

    @Test
    void selfIsNeverAPeer() {
        table.learned(SELF, PeerSource.DISCOVERY, 0);
        table.heardFrom(SELF, 0);
        assertThat(table.members(0)).isEmpty();
    }

    @Test
    void peersToldOfAreHintsUntilHeardFromAndOnlyMembersAreLive() {
        assertThat(table.learned(A, PeerSource.DISCOVERY, 0))
                .hasValue(new PeerTable.Change(A, null, MemberState.UNCONFIRMED));
        assertThat(table.learned(A, PeerSource.GOSSIP, 0)).isEmpty();
        assertThat(table.heardFrom(B, 0)).hasValue(new PeerTable.Change(B, null, MemberState.ALIVE));
        table.learned(NodeAddress.parse("localhost:9003"), PeerSource.GOSSIP, 0);
        assertThat(table.live()).containsExactly(B);
        assertThat(table.liveCount()).isEqualTo(1);
        assertThat(table.hints()).isEqualTo(2);
        assertThat(table.members(0).get(0).sources())
                .containsExactlyInAnyOrder(PeerSource.DISCOVERY, PeerSource.GOSSIP);
        assertThat(table.members(0).get(1).sources()).containsExactly(PeerSource.INBOUND);

        assertThat(table.heardFrom(A, 5)).hasValue(new PeerTable.Change(A, MemberState.UNCONFIRMED, MemberState.ALIVE));
        assertThat(table.live()).containsExactly(A, B);
        assertThat(table.hints()).isEqualTo(1);
    }

    @Test
    void aConnectionToAHintIsNoContactAndHintsHaveNoFailureDetection() {
        table.learned(A, PeerSource.GOSSIP, 0);
        assertThat(table.connected(A, 10)).isEmpty();
        assertThat(table.tick(20_000)).isEmpty();
        assertThat(table.state(A)).hasValue(MemberState.UNCONFIRMED);
        assertThat(table.randomDead(new Random(1))).isEmpty();
        assertThat(table.tick(30_000)).isEmpty();
        assertThat(table.members(30_000))
                .as("unlisted for --failure-timeout: forgotten")
                .isEmpty();
        assertThat(table.hints()).isZero();
    }

    @Test
    void hintsAreProbedAFewAtATimeInTurnAndSeedsAreMembersFromTheStart() {
        NodeAddress seed = NodeAddress.parse("localhost:9100");
        assertThat(table.learned(seed, PeerSource.SEED, 0))
                .hasValue(new PeerTable.Change(seed, null, MemberState.ALIVE));
        for (int i = 1; i <= 10; i++) {
            table.learned(new NodeAddress("h", 9000 + i), PeerSource.GOSSIP, 0);
        }
        table.heardFrom(A, 0);
        assertThat(table.live()).containsExactly(A, seed);
        Set<NodeAddress> probed = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            List<NodeAddress> probes = table.hintsToProbe(4, round * 1_000L);
            assertThat(probes).doesNotContain(A, seed).hasSizeLessThanOrEqualTo(4);
            probed.addAll(probes);
        }
        assertThat(probed)
                .as("ten hints, four a round: every one within three rounds")
                .hasSize(10);
    }

    @Test
    void aHintNamedAsASeedIsAMember() {
        table.learned(A, PeerSource.DISCOVERY, 0);
        assertThat(table.learned(A, PeerSource.SEED, 1))
                .hasValue(new PeerTable.Change(A, MemberState.UNCONFIRMED, MemberState.ALIVE));
        assertThat(table.live()).containsExactly(A);
        assertThat(table.hints()).isZero();
    }

    @Test
    void madeUpHintsStopAtAQuarterOfTheTableAndMembersTakeTheirRows() {
        PeerTable small = new PeerTable(SELF, withCap(8), new SimpleMeterRegistry());
        for (int i = 1; i <= 100; i++) {
            small.learned(new NodeAddress("made-up", 10_000 + i), PeerSource.GOSSIP, 0);
        }
        assertThat(small.hints()).isEqualTo(2);
        assertThat(small.refused()).isEqualTo(98);
        for (int i = 1; i <= 8; i++) {
            small.heardFrom(new NodeAddress("real", 9000 + i), 0);
        }
        assertThat(small.live()).hasSize(8);
        assertThat(small.hints()).as("members pushed the hints out").isZero();
        assertThat(small.heardFrom(new NodeAddress("real", 9009), 0)).isEmpty();
        assertThat(small.members(0)).hasSize(8);
        assertThat(small.refused()).isEqualTo(99);
    }

    static MembershipConfig withCap(int maxMembers) {
        MembershipConfig d = MembershipConfig.defaults();
        return new MembershipConfig(
                d.heartbeat(),
                d.suspectAfter(),
                d.deadAfter(),
                d.maxFails(),
                d.failureTimeout(),
                new MemberCap(maxMembers));
    }

    @Test
    void silenceMakesAPeerSuspectThenDeadAndAFrameBringsItBack() {
        table.heardFrom(A, 0);
        assertThat(table.tick(2_999)).isEmpty();
        assertThat(table.tick(3_000)).containsExactly(new PeerTable.Change(A, MemberState.ALIVE, MemberState.SUSPECT));
        assertThat(table.live()).as("a suspect is still gossiped with").containsExactly(A);
        assertThat(table.tick(10_000)).containsExactly(new PeerTable.Change(A, MemberState.SUSPECT, MemberState.DEAD));
        assertThat(table.live()).isEmpty();
        assertThat(table.randomDead(new Random(1))).containsExactly(A);
        assertThat(table.deadVerdicts()).isEqualTo(1);
        assertThat(table.heardFrom(A, 11_000)).hasValue(new PeerTable.Change(A, MemberState.DEAD, MemberState.ALIVE));
        assertThat(table.live()).containsExactly(A);
    }

    @Test
    void failedConnectionsMakeAPeerSuspectAtOnceAndAConnectionClearsIt() {
        table.heardFrom(A, 0);
        for (int i = 0; i < 5; i++) {
            table.sendFailed(A, "refused");
        }
        assertThat(table.tick(100)).containsExactly(new PeerTable.Change(A, MemberState.ALIVE, MemberState.SUSPECT));
        assertThat(table.connected(A, 200)).hasValue(new PeerTable.Change(A, MemberState.SUSPECT, MemberState.ALIVE));
        assertThat(table.tick(300)).isEmpty();
    }

    @Test
    void deadAndUnlistedPeersAreForgottenButSeedsNever() {
        table.heardFrom(A, 0);
        table.learned(B, PeerSource.SEED, 0);
        table.tick(10_000);
        table.tick(29_999);
        assertThat(table.members(29_999)).hasSize(2);
        table.tick(30_000);
        assertThat(table.members(30_000)).extracting(Member::address).containsExactly(B);
    }

    @Test
    void aListingKeepsADeadPeerInTheTable() {
        table.heardFrom(A, 0);
        for (long t = 0; t <= 60_000; t += 1_000) {
            table.learned(A, PeerSource.GOSSIP, t); // another node still sees it
            table.tick(t);
        }
        assertThat(table.state(A)).hasValue(MemberState.DEAD);
    }

    @Test
    void heartbeatsTellIdsAndIncarnations() {
        table.heardFrom(A, 0);
        assertThat(table.nodeId(A)).isEqualTo(-1);
        table.identified(A, 9001, 77);
        assertThat(table.nodeId(A)).isEqualTo(9001);
        assertThat(table.members(0).get(0).incarnation()).isEqualTo(77);
        assertThat(table.nodeId(B)).isEqualTo(-1);
    }

    @Test
    void expiryNamesThePeerItForgets() {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(PeerTable.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        ch.qos.logback.classic.Level before = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        try {
            // Several entries, so the TreeMap rebalances on removal.
            for (int port = 9001; port <= 9007; port++) {
                NodeAddress p = new NodeAddress("localhost", port);
                table.learned(p, PeerSource.DISCOVERY, 0);
                table.heardFrom(p, 0);
                if (port != 9004) {
                    table.learned(p, PeerSource.DISCOVERY, 40_000);
                    table.heardFrom(p, 40_000);
                }
            }
            table.tick(50_000);
            assertThat(table.members(50_000))
                    .extracting(Member::address)
                    .doesNotContain(new NodeAddress("localhost", 9004))
                    .hasSize(6);
            assertThat(lines.list)
                    .filteredOn(e -> e.getFormattedMessage().contains("forgetting"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("localhost:9004"));
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(before);
        }
    }

    @Test
    void randomChoiceIsBoundedAndCoversEveryone() {
        for (int i = 1; i <= 6; i++) {
            table.heardFrom(new NodeAddress("h", 9000 + i), 0);
        }
        Random random = new Random(3);
        Set<NodeAddress> seen = new HashSet<>();
        for (int round = 0; round < 100; round++) {
            List<NodeAddress> pick = table.randomLive(2, random);
            assertThat(pick).hasSize(2).doesNotHaveDuplicates();
            seen.addAll(pick);
        }
        assertThat(seen).hasSize(6);
        assertThat(table.randomLive(10, random)).hasSize(6);
    }

    @Test
    void eventsAboutUnknownPeersAreIgnored() {
        table.sendFailed(A, "refused");
        assertThat(table.connected(A, 0)).isEmpty();
        table.identified(A, 1, 1);
        assertThat(table.members(0)).isEmpty();
    }
}

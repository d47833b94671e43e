package dev.distcounter.tool.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.tool.http.CounterState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When the nodes of a snapshot agree: on their full state, which the digest stands for (issue 10).
 *
 * <p>Guarantees: docs/guarantees.md §4.
 */
class SnapshotTest {
    private static NodeReading read(int node, long value, long version, String digest) {
        return new NodeReading(node, new CounterState(value, version, "localhost:900" + (node - 1), digest), 0, 0);
    }

    /**
     * The false agreement of issue 10: after {@code partition 1,2 3,4,5} and one increment on each
     * side, every node shows value -2 (version 98), but the two sides hold different entries.
     */
    @Test
    void oneValueAndVersionWithTwoDigestsIsNoAgreement() {
        Snapshot split = new Snapshot(List.of(
                read(1, -2, 98, "1111111111111111"),
                read(2, -2, 98, "1111111111111111"),
                read(3, -2, 98, "2222222222222222"),
                read(4, -2, 98, "2222222222222222"),
                read(5, -2, 98, "2222222222222222")));

        assertThat(split.agrees()).isFalse();
        assertThat(split.sameValueAndVersion()).isTrue();
        assertThat(split.digestSplit())
                .isEqualTo("digest 1111111111111111 at nodes 1,2; digest 2222222222222222 at nodes 3,4,5");
    }

    /** A node older than the digest cannot show that it holds the others' state. */
    @Test
    void aNodeWithoutADigestDoesNotAgreeWithOneThatHasIt() {
        Snapshot mixed = new Snapshot(List.of(read(1, 4, 4, "4444444444444444"), read(2, 4, 4, null)));

        assertThat(mixed.agrees()).isFalse();
        assertThat(mixed.digestSplit()).isEqualTo("digest 4444444444444444 at node 1; no digest at node 2");
        assertThat(new Snapshot(List.of(read(1, 4, 4, null), read(2, 4, 4, null))).agrees())
                .as("nodes that all predate the digest: value and version are all there is to compare")
                .isTrue();
    }

    @Test
    void anUnreadNodeIsLeftOutOfTheSplitAndOfTheAgreement() {
        Snapshot partial = new Snapshot(List.of(read(1, 4, 4, "4444444444444444"), new NodeReading(2, null, 0, 0)));

        assertThat(partial.agrees()).isFalse();
        assertThat(partial.digestSplit()).isEqualTo("digest 4444444444444444 at node 1");
    }

    @Test
    void oneValueVersionAndDigestIsAgreement() {
        Snapshot healed =
                new Snapshot(List.of(read(1, -1, 99, "3333333333333333"), read(2, -1, 99, "3333333333333333")));

        assertThat(healed.agrees()).isTrue();
        assertThat(healed.agreed().digest()).isEqualTo("3333333333333333");
    }
}

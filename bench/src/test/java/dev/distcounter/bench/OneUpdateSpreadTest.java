package dev.distcounter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The growth simulation measures what it says, on a cluster small enough for the unit tests. */
class OneUpdateSpreadTest {

    @BeforeAll
    static void quiet() {
        RootLogLevel.set(Level.WARN); // every node logs each of its 63 seeds at INFO
    }

    @Test
    void antiEntropyAloneReachesEveryNodeInAFewRoundsWithTwoPullsPerNodePerRound() {
        OneUpdateSpread.Result r = OneUpdateSpread.measure(64, ClusterGrowth.ANTI_ENTROPY_ONLY, 7, 60);
        assertThat(r.converged()).isTrue();
        assertThat(r.rounds()).isBetween(1L, 2 * 6 + 5L);
        assertThat(r.pulls()).isEqualTo(2L * 64 * r.rounds()); // 2 PULLs per node per round, nothing else
        assertThat(r.pushes()).isPositive().isLessThan(r.pulls()); // answers only to nodes that knew less
        assertThat(r.withheld()).isEqualTo(64L * 63); // the start-up heartbeats, nothing more
    }

    @Test
    void pushAloneReachesEveryNodeWithinMillisecondsBeforeAnyRound() {
        OneUpdateSpread.Result r = OneUpdateSpread.measure(64, ClusterGrowth.NODE_DEFAULTS, 7, 60);
        assertThat(r.converged()).isTrue();
        assertThat(r.rounds()).isZero();
        assertThat(r.millisToAll()).isLessThan(20);
        assertThat(r.pulls()).isZero();
        // each node pushes the news on once, to 8 peers
        assertThat(r.pushes()).isEqualTo(64L * 8);
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        OneUpdateSpread.Result a = OneUpdateSpread.measure(32, ClusterGrowth.ANTI_ENTROPY_ONLY, 3, 60);
        OneUpdateSpread.Result b = OneUpdateSpread.measure(32, ClusterGrowth.ANTI_ENTROPY_ONLY, 3, 60);
        assertThat(b.rounds()).isEqualTo(a.rounds());
        assertThat(b.millisToAll()).isEqualTo(a.millisToAll());
        assertThat(b.gossipFrames()).isEqualTo(a.gossipFrames());
    }
}

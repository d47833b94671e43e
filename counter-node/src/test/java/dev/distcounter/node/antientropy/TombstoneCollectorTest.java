package dev.distcounter.node.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.kv.Version;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which tombstones may go: past the grace period, and every other replica seen holding that version. */
class TombstoneCollectorTest {
    private static final List<String> REPLICAS = List.of("a", "b", "c");
    private static final Version DELETED_AT_1S = new Version(3, "b", 1_000_000); // stamp: microseconds
    private static final long LATER = 1_000 + 10_000 + 1; // past a 10 s grace

    private final TombstoneCollector collector = new TombstoneCollector("a", Duration.ofSeconds(10));

    @Test
    void readyOnlyOnceEveryOtherReplicaHoldsTheSameVersion() {
        collector.seen("k", DELETED_AT_1S, "b", REPLICAS, LATER);
        assertThat(collector.takeReady(10)).isEmpty();
        collector.seen("k", DELETED_AT_1S, "c", REPLICAS, LATER);
        assertThat(collector.takeReady(10))
                .containsExactly(new TombstoneCollector.Ready("k", DELETED_AT_1S, Set.of("b", "c")));
        assertThat(collector.takeReady(10)).isEmpty();
        assertThat(collector.tracked()).isZero();
    }

    @Test
    void aDifferentVersionStartsOver() {
        collector.seen("k", DELETED_AT_1S, "b", REPLICAS, LATER);
        collector.seen("k", new Version(4, "c", 2_000_000), "c", REPLICAS, LATER + 1_000);
        assertThat(collector.takeReady(10)).isEmpty();
    }

    @Test
    void youngTombstonesAreNotEvenTracked() {
        collector.seen("k", DELETED_AT_1S, "b", REPLICAS, 11_000);
        collector.seen("k", DELETED_AT_1S, "c", REPLICAS, 11_000);
        assertThat(collector.tracked()).isZero();
        assertThat(collector.takeReady(10)).isEmpty();
    }

    @Test
    void aPeerOrSelfOutsideTheReplicasCountsForNothing() {
        collector.seen("k", DELETED_AT_1S, "d", REPLICAS, LATER);
        collector.seen("k", DELETED_AT_1S, "b", List.of("b", "c", "d"), LATER);
        assertThat(collector.tracked()).isZero();
    }

    @Test
    void forgettingAKeyDropsWhatWasSeen() {
        collector.seen("k", DELETED_AT_1S, "b", REPLICAS, LATER);
        collector.seen("k", DELETED_AT_1S, "c", REPLICAS, LATER);
        collector.forget("k"); // a newer write came
        assertThat(collector.takeReady(10)).isEmpty();
    }

    @Test
    void takesAtMostTheNumberAskedOldestFirst() {
        for (String key : List.of("x", "y", "z")) {
            collector.seen(key, DELETED_AT_1S, "b", REPLICAS, LATER);
            collector.seen(key, DELETED_AT_1S, "c", REPLICAS, LATER);
        }
        assertThat(collector.takeReady(2))
                .extracting(TombstoneCollector.Ready::key)
                .containsExactly("x", "y");
        assertThat(collector.takeReady(2))
                .extracting(TombstoneCollector.Ready::key)
                .containsExactly("z");
    }
}

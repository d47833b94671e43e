package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.antientropy.AntiEntropyConfig;
import dev.distcounter.node.handoff.HintConfig;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.replication.KeyspaceConfig;
import dev.distcounter.node.replication.ReadResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tombstone collection in virtual time (docs/guarantees.md, "Tombstones"): a tombstone goes only
 * once it is past the grace period and every replica was seen holding it, so a replica that was
 * down for the delete, with the old value, never brings the key back: not while it is away (no
 * tombstone is dropped without it), not when it returns, not after the collection.
 */
class TombstoneCollectionSimulationTest extends KeyspaceSimulation {
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final KeyspaceConfig KEYSPACE = new KeyspaceConfig(
                    3, 2, 2, 16, Duration.ofSeconds(1), new HintConfig(1, Long.MAX_VALUE, Duration.ofSeconds(2), 1))
            .withAntiEntropy(new AntiEntropyConfig(Duration.ofSeconds(1), AntiEntropyConfig.DEFAULT_RATE, GRACE));

    private boolean nobodyHolds(String key) {
        for (int node = 0; node < 3; node++) {
            if (held(node, key) != null) {
                return false;
            }
        }
        return true;
    }

    private long dropped(int node) {
        return cluster.node(node).antiEntropy().tombstonesDropped();
    }

    @Test
    void aDeletedKeyNeverComesBackThroughAReplicaThatWasDownForTheDelete() {
        formed(3, KEYSPACE, 41);
        assertThat(put(0, "doomed", "alive").ok()).isTrue();
        assertThat(put(1, "kept", "here").ok()).isTrue();
        cluster.runFor(Duration.ofSeconds(2));
        assertThat(held(2, "doomed")).isNotNull();

        ReplicaStore downStore = cluster.node(2).replicaStore(); // what node 2 holds while down: the old value
        cluster.crash(2);
        untilDown(0, 2);
        assertThat(await(cluster.node(0).keyspace().delete("doomed", DEFAULT)).ok())
                .isTrue();

        // Long past the grace period, but node 2 was never seen holding the tombstone: it stays.
        cluster.runFor(GRACE.multipliedBy(4));
        for (int node = 0; node < 2; node++) {
            Versioned held = held(node, "doomed");
            assertThat(held).as("node %d's tombstone", node).isNotNull();
            assertThat(held.deleted()).isTrue();
            assertThat(dropped(node)).isZero();
        }

        cluster.restartWith(2, downStore);
        assertThat(held(2, "doomed").deleted())
                .as("node 2 comes back with the old value")
                .isFalse();
        for (int step = 0; step < 600 && !nobodyHolds("doomed"); step++) {
            cluster.runFor(Duration.ofMillis(100));
            Versioned onTwo = held(2, "doomed");
            assertThat(onTwo == null || onTwo.deleted() || onTwo.value().equals("alive"))
                    .isTrue();
        }
        assertThat(nobodyHolds("doomed"))
                .as("every replica dropped the tombstone")
                .isTrue();
        assertThat(dropped(0) + dropped(1) + dropped(2)).isGreaterThanOrEqualTo(3);

        cluster.runFor(Duration.ofSeconds(30)); // more exchanges: nothing may bring the value back
        assertThat(nobodyHolds("doomed")).isTrue();
        for (int node = 0; node < 3; node++) {
            ReadResult read = get(node, "doomed");
            assertThat(read.kind()).as("a read through node %d", node).isEqualTo(ReadResult.Kind.NOT_FOUND);
        }
        assertThat(held(2, "kept").value()).isEqualTo("here");
    }

    @Test
    void aTombstoneYoungerThanTheGracePeriodIsKeptEvenWhenEveryReplicaHoldsIt() {
        formed(3, KEYSPACE, 42);
        assertThat(put(0, "k", "v").ok()).isTrue();
        assertThat(await(cluster.node(1).keyspace().delete("k", DEFAULT)).ok()).isTrue();
        cluster.runFor(GRACE.minusSeconds(2));
        for (int node = 0; node < 3; node++) {
            assertThat(held(node, "k")).as("node %d", node).isNotNull();
        }
        cluster.runFor(GRACE.multipliedBy(3));
        assertThat(nobodyHolds("k")).isTrue();
    }

    @Test
    void withAntiEntropyOffNoTombstoneIsEverDropped() {
        formed(3, KEYSPACE.withAntiEntropy(new AntiEntropyConfig(Duration.ZERO, 1, GRACE)), 43);
        assertThat(await(cluster.node(0).keyspace().delete("k", DEFAULT)).ok()).isTrue();
        cluster.runFor(GRACE.multipliedBy(4));
        assertThat(List.of(held(0, "k"), held(1, "k"), held(2, "k")))
                .allSatisfy(h -> assertThat(h.deleted()).isTrue());
    }
}

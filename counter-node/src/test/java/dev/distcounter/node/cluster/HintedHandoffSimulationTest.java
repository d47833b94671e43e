package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.antientropy.AntiEntropyConfig;
import dev.distcounter.node.handoff.HintConfig;
import dev.distcounter.node.handoff.HintStore;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.replication.KeyspaceConfig;
import dev.distcounter.node.replication.RingSummary;
import dev.distcounter.node.replication.WriteResult;
import dev.distcounter.node.storage.StorageConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hinted handoff on in-memory clusters in virtual time: a replica cut off while writes were
 * acknowledged without it gets them from the coordinators' hints once it is back, with no read
 * to repair it, throttled, and from hints that survived the coordinator's restart.
 */
class HintedHandoffSimulationTest extends KeyspaceSimulation {
    private static final int RATE = HintConfig.DEFAULT_REPLAY_RATE;
    /** Anti-entropy off: hints alone bring a replica what it missed. */
    private static final KeyspaceConfig HINTS_ONLY = KeyspaceConfig.defaults()
            .withAntiEntropy(new AntiEntropyConfig(
                    Duration.ZERO,
                    AntiEntropyConfig.DEFAULT_RATE,
                    AntiEntropyConfig.defaults(HintConfig.DEFAULT_WINDOW).tombstoneGrace()));

    /** {@code count} puts through {@code coordinators} in turn, all acknowledged: key -> version. */
    private Map<String, Long> acknowledgedPuts(int count, List<Integer> coordinators) {
        Map<String, Long> acknowledged = new LinkedHashMap<>();
        for (int k = 0; k < count; k++) {
            String key = "key-" + k;
            WriteResult put = put(coordinators.get(k % coordinators.size()), key, "value-" + k);
            assertThat(put.ok()).as("put %s acknowledged at W=2", key).isTrue();
            acknowledged.put(key, put.version());
        }
        return acknowledged;
    }

    /** Hints {@code coordinator} keeps for {@code target}, from its {@code /cluster} ring. */
    private long hintsPending(int coordinator, int target) {
        String name = cluster.node(target).address().toString();
        return cluster.node(coordinator).keyspace().ring().members().stream()
                .filter(m -> m.node().equals(name))
                .mapToLong(RingSummary.MemberShare::hintsPending)
                .sum();
    }

    private void assertHoldsEveryAcknowledgedVersion(int replica, Map<String, Long> acknowledged) {
        acknowledged.forEach((key, version) -> {
            Versioned held = held(replica, key);
            assertThat(held).as("replica %d holds %s", replica, key).isNotNull();
            assertThat(held.version().counter())
                    .as("replica %d's version of %s", replica, key)
                    .isEqualTo(version);
        });
    }

    /**
     * Without hints this fails: with N=3 and W=2 every put is acknowledged by nodes 0 and 1
     * alone, node 2 never receives one while cut off, and nothing sends it the writes later but
     * a read (read repair), and there is none here; anti-entropy is off. Only the
     * coordinators' hints, replayed once node 2 is believed up again, bring it every write.
     */
    @Test
    void aReplicaCutOffDuringWritesHoldsEveryAcknowledgedVersionAfterHealingWithoutAnyRead() {
        formed(3, HINTS_ONLY, 21);
        cluster.partition(List.of(2), List.of(0, 1));
        Map<String, Long> acknowledged = acknowledgedPuts(200, List.of(0, 1));
        cluster.runFor(Duration.ofSeconds(2)); // every write round times out: a hint per put
        assertThat(hintsPending(0, 2) + hintsPending(1, 2)).isEqualTo(200);
        for (String key : acknowledged.keySet()) {
            assertThat(cluster.node(2).replicaStore().get(key)).isNull();
        }

        cluster.heal();
        cluster.runFor(Duration.ofSeconds(5));

        assertHoldsEveryAcknowledgedVersion(2, acknowledged);
        assertThat(hintsPending(0, 2) + hintsPending(1, 2)).isZero();
    }

    @Test
    void aReturningReplicaIsSentNoMoreThanTheReplayRate() {
        formed(3, HINTS_ONLY, 22);
        cluster.partition(List.of(2), List.of(0, 1));
        untilDown(0, 2);
        int puts = 3 * RATE; // three seconds of replay
        Map<String, Long> acknowledged = acknowledgedPuts(puts, List.of(0));
        cluster.runFor(Duration.ofSeconds(2));
        assertThat(hintsPending(0, 2)).isEqualTo(puts);

        cluster.heal();
        long healed = cluster.nowMillis();
        long perTick = RATE / 10; // the replay runs every 100 ms
        boolean sawThrottling = false;
        for (int step = 0; step < 800 && hintsPending(0, 2) > 0; step++) {
            cluster.runFor(Duration.ofMillis(10));
            long delivered = puts - hintsPending(0, 2);
            long elapsed = cluster.nowMillis() - healed;
            // rate × elapsed, plus one tick's worth saved up and one batch sent just before the heal
            assertThat(delivered)
                    .as("hints delivered %d ms after the heal", elapsed)
                    .isLessThanOrEqualTo(RATE * elapsed / 1000 + 2 * perTick);
            sawThrottling |= delivered > 0 && delivered < puts;
        }
        assertThat(sawThrottling).as("the replay took several ticks").isTrue();
        assertThat(hintsPending(0, 2)).isZero();
        assertHoldsEveryAcknowledgedVersion(2, acknowledged);
    }

    @Test
    void aHintSurvivesItsCoordinatorsRestart(@TempDir Path dir) throws IOException {
        formed(3, HINTS_ONLY, 23);
        StorageConfig storage = new StorageConfig(true, false, dir, 1 << 20, 40, false);
        HintConfig config = HintConfig.defaults();
        ReplicaStore replicas = ReplicaStore.inMemory("sim-0"); // node 0's keys, kept across its restart
        HintStore hints = HintStore.open(storage, config);
        cluster.restartWith(0, replicas, hints);
        cluster.runFor(Duration.ofSeconds(2));

        cluster.partition(List.of(2), List.of(0, 1));
        Map<String, Long> acknowledged = acknowledgedPuts(60, List.of(0));
        cluster.runFor(Duration.ofSeconds(2));
        assertThat(hintsPending(0, 2)).isEqualTo(60);

        cluster.crash(0);
        hints.close(); // its log: a snapshot every 40 records, the rest after it
        HintStore reopened = HintStore.open(storage, config);
        try {
            assertThat(reopened.pending(cluster.node(2).address().toString())).isEqualTo(60);
            cluster.restartWith(0, replicas, reopened);
            cluster.heal();
            cluster.runFor(Duration.ofSeconds(5));
            assertHoldsEveryAcknowledgedVersion(2, acknowledged);
            assertThat(reopened.pending()).isZero();
        } finally {
            reopened.close();
        }
    }

    @Test
    void pastTheBoundTheOldestHintsAreDroppedAndPastTheWindowTheRestAreCounted() {
        formed(3, HINTS_ONLY, 24);
        HintConfig small = new HintConfig(5, Long.MAX_VALUE, Duration.ofSeconds(10), RATE);
        cluster.restartWith(0, ReplicaStore.inMemory("sim-0"), HintStore.inMemory(small));
        cluster.runFor(Duration.ofSeconds(2));
        cluster.partition(List.of(2), List.of(0, 1));
        untilDown(0, 2);
        acknowledgedPuts(8, List.of(0));
        cluster.runFor(Duration.ofSeconds(2));
        MeterRegistry meters = cluster.registries.get(0);
        assertThat(hintsPending(0, 2)).isEqualTo(5);
        assertThat(meters.counter("kv.hints.recorded").count()).isEqualTo(8);
        assertThat(meters.counter("kv.hints.dropped", "reason", "full").count()).isEqualTo(3);
        assertThat(meters.get("kv.hints.pending").gauge().value()).isEqualTo(5);

        cluster.runFor(Duration.ofSeconds(10));
        assertThat(hintsPending(0, 2)).isZero();
        assertThat(meters.counter("kv.hints.dropped", "reason", "expired").count())
                .isEqualTo(5);
        cluster.heal();
        cluster.runFor(Duration.ofSeconds(5));
        assertThat(meters.counter("kv.hints.replayed").count()).isZero();
        assertThat(cluster.node(2).replicaStore().get("key-0"))
                .as("dropped hints are never sent")
                .isNull();
    }
}

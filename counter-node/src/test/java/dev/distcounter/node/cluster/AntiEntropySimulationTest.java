package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.antientropy.AntiEntropyConfig;
import dev.distcounter.node.antientropy.AntiEntropyView;
import dev.distcounter.node.handoff.HintConfig;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.replication.KeyspaceConfig;
import dev.distcounter.node.replication.WriteResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Anti-entropy on in-memory clusters in virtual time: a replica cut off while acknowledged puts
 * and deletes happened without it converges, with no client read and with hints dropped (a
 * coordinator keeps one per replica), only through hash-tree exchanges; the keys moved stay
 * within the rate; with anti-entropy off the same replica stays behind.
 */
class AntiEntropySimulationTest extends KeyspaceSimulation {
    /** Hints effectively off: one kept per replica, the rest dropped. */
    static final HintConfig NO_HINTS = new HintConfig(1, Long.MAX_VALUE, Duration.ofSeconds(10), 1);

    static KeyspaceConfig keyspace(Duration interval, int rate) {
        return new KeyspaceConfig(3, 2, 2, 16, Duration.ofSeconds(1), NO_HINTS)
                .withAntiEntropy(new AntiEntropyConfig(interval, rate, Duration.ofHours(1)));
    }

    /** The {@code count} writes, through nodes 0 and 1, 100 at a time; every tenth deletes an earlier key. */
    private Map<String, Long> acknowledgedWrites(int count) {
        Map<String, Long> acknowledged = new LinkedHashMap<>();
        for (int batch = 0; batch < count; batch += 100) {
            List<String> keys = new ArrayList<>();
            List<CompletableFuture<WriteResult>> writes = new ArrayList<>();
            for (int i = batch; i < Math.min(count, batch + 100); i++) {
                boolean delete = i % 10 == 9;
                String key = delete ? "before-" + (i / 10) : "key-" + i;
                var keyspace = cluster.node(i % 2).keyspace();
                keys.add(key);
                writes.add(delete ? keyspace.delete(key, DEFAULT) : keyspace.put(key, "value-" + i, DEFAULT));
            }
            for (int w = 0; w < writes.size(); w++) {
                WriteResult result = await(writes.get(w));
                assertThat(result.ok())
                        .as("write of %s acknowledged at W=2", keys.get(w))
                        .isTrue();
                acknowledged.put(keys.get(w), result.version());
            }
        }
        return acknowledged;
    }

    /** Keys of {@code acknowledged} that {@code replica} does not hold at the acknowledged version. */
    private long missing(int replica, Map<String, Long> acknowledged) {
        return acknowledged.entrySet().stream()
                .filter(e -> {
                    Versioned held = held(replica, e.getKey());
                    return held == null || held.version().counter() != e.getValue();
                })
                .count();
    }

    /** Writes {@code before} keys everywhere, cuts node 2 off for {@code count} writes, heals. */
    private Map<String, Long> missedWrites(int before, int count) {
        for (int i = 0; i < before; i++) {
            assertThat(put(i % 3, "before-" + i, "old").ok()).isTrue();
        }
        cluster.runFor(Duration.ofSeconds(2));
        cluster.partition(List.of(2), List.of(0, 1));
        Map<String, Long> acknowledged = acknowledgedWrites(count);
        cluster.runFor(Duration.ofSeconds(2)); // every round times out; their hints are dropped
        assertThat(missing(2, acknowledged)).as("node 2 missed the writes").isGreaterThan(count - 10L);
        cluster.heal();
        return acknowledged;
    }

    @Test
    void aReplicaThatMissedTenThousandWritesConvergesByAntiEntropyAloneWithoutAnyRead() {
        formed(3, keyspace(AntiEntropyConfig.DEFAULT_INTERVAL, AntiEntropyConfig.DEFAULT_RATE), 31);
        Map<String, Long> acknowledged = missedWrites(1_000, 10_000);
        long healed = cluster.nowMillis();
        for (int step = 0; step < 600 && missing(2, acknowledged) > 0; step++) {
            cluster.runFor(Duration.ofMillis(100));
        }
        long took = cluster.nowMillis() - healed;
        System.out.printf(
                "anti-entropy: node 2, %d missed writes, %d ms of virtual time after the heal%n",
                acknowledged.size(), took);
        assertThat(missing(2, acknowledged)).as("writes node 2 still lacks").isZero();
        for (int node = 0; node < 2; node++) {
            assertThat(missing(node, acknowledged)).isZero();
        }
        assertThat(cluster.node(2).antiEntropy().keysPulled()).isPositive();
        cluster.runFor(AntiEntropyConfig.DEFAULT_INTERVAL.multipliedBy(2)); // exchanges now find every range equal
        AntiEntropyView seen = cluster.node(0).clusterView().antiEntropy();
        assertThat(seen.enabled()).isTrue();
        assertThat(seen.lastExchangeMillis()).isGreaterThan(healed);
        assertThat(seen.keysRepaired()).isPositive();
        assertThat(seen.rangesInSync()).isPositive();
        assertThat(seen.rangesOutOfSync()).isZero();
    }

    @Test
    void withAntiEntropyOffTheReplicaStaysBehind() {
        formed(3, keyspace(Duration.ZERO, AntiEntropyConfig.DEFAULT_RATE), 32);
        Map<String, Long> acknowledged = missedWrites(100, 1_000);
        cluster.runFor(Duration.ofSeconds(60));
        assertThat(missing(2, acknowledged)).isGreaterThan(990);
        assertThat(cluster.node(0).antiEntropy().enabled()).isFalse();
    }

    @Test
    void keysMovedStayWithinTheRate() {
        int rate = 300;
        formed(3, keyspace(Duration.ofSeconds(2), rate), 33);
        Map<String, Long> acknowledged = missedWrites(0, 3_000);
        List<List<Long>> pushedBySecond = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            pushedBySecond.add(new ArrayList<>(List.of(pushed(node))));
        }
        for (int second = 0; second < 30 && missing(2, acknowledged) > 0; second++) {
            cluster.runFor(Duration.ofSeconds(1));
            for (int node = 0; node < 3; node++) {
                pushedBySecond.get(node).add(pushed(node));
            }
        }
        assertThat(missing(2, acknowledged)).isZero();
        long capacity = rate / 10; // one tick's worth saved up
        for (int node = 0; node < 3; node++) {
            List<Long> counts = pushedBySecond.get(node);
            for (int s = 1; s < counts.size(); s++) {
                assertThat(counts.get(s) - counts.get(s - 1))
                        .as("keys node %d pushed in second %d", node, s)
                        .isLessThanOrEqualTo(rate + capacity);
            }
        }
        // Two senders at the rate each: the 3,000 keys take at least 3,000 / 600 = 5 s.
        assertThat(pushedBySecond.get(0).size()).isGreaterThan(5);
    }

    /** The ring changes: the trees are re-cut, and a node that joins gets the keys of its new ranges. */
    @Test
    void aNodeThatJoinsGetsTheKeysOfItsRangesWithoutAnyRead() {
        formed(3, keyspace(Duration.ofSeconds(2), AntiEntropyConfig.DEFAULT_RATE), 34);
        Map<String, Long> written = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            WriteResult put = put(i % 3, "joined-" + i, "v" + i);
            assertThat(put.ok()).isTrue();
            written.put("joined-" + i, put.version());
        }
        int joiner = cluster.join(List.of(0));
        for (int i = 0; i < 3_000 && !everyRingHas(4); i++) {
            cluster.runFor(Duration.ofMillis(10));
        }
        assertThat(everyRingHas(4)).isTrue();
        String name = cluster.node(joiner).address().toString();
        Map<String, Long> itsKeys = new LinkedHashMap<>();
        written.forEach((key, version) -> {
            if (cluster.node(joiner).keyspace().owners(key).replicas().stream()
                    .anyMatch(r -> r.node().equals(name))) {
                itsKeys.put(key, version);
            }
        });
        assertThat(itsKeys).hasSizeGreaterThan(100);
        for (int step = 0; step < 300 && missing(joiner, itsKeys) > 0; step++) {
            cluster.runFor(Duration.ofMillis(100));
        }
        assertThat(missing(joiner, itsKeys)).isZero();
    }

    private boolean everyRingHas(int members) {
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.node(i).keyspace().ring().members().size() != members) {
                return false;
            }
        }
        return true;
    }

    private long pushed(int node) {
        MeterRegistry meters = cluster.registries.get(node);
        return (long) meters.counter("kv.antientropy.keys.pushed").count();
    }
}

package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.replication.KeyspaceConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The figure of docs/performance.md, "Joins and leaves": a 4th node joins a 3-node cluster
 * holding 100,000 keys (N=3: every key on every node), in virtual time, at the default stream
 * rate. Run with {@code -Dmeasure.join=true}; it prints the time from the join until every key
 * is on every member of its new preference list, and the keys streamed per second.
 */
@EnabledIfSystemProperty(named = "measure.join", matches = "true")
class JoinMeasurement extends RingChangeSimulation {
    private static final int KEYS = Integer.getInteger("measure.keys", 100_000);

    @Test
    void aFourthNodeJoinsAThreeNodeClusterHolding100kKeys() {
        formed(new InMemoryCluster(3, GOSSIP, KeyspaceConfig.defaults(), 61));
        cluster.runFor(Duration.ofSeconds(1)); // every node's handover has seen the formed ring
        Map<String, Long> acknowledged = new LinkedHashMap<>();
        for (int k = 0; k < KEYS; k++) {
            String key = "key-" + k;
            Versioned value = Versioned.value(Version.first(name(k % 3), 1), "value-" + k);
            for (int n = 0; n < 3; n++) { // loaded straight into the replicas: what 100,000 acknowledged puts leave
                cluster.node(n).replicaStore().apply(key, value).join();
            }
            acknowledged.put(key, value.version().counter());
        }
        long wallStart = System.nanoTime();
        long joined = cluster.nowMillis();
        int joiner = cluster.join(List.of(0));
        untilRings(List.of(0, 1, 2, joiner), names(List.of(0, 1, 2, joiner)));
        long ringsAgree = cluster.nowMillis() - joined;
        long expected = expectedOnJoiner(joiner, acknowledged);
        while (cluster.node(joiner).replicaStore().size() < expected) {
            cluster.runFor(Duration.ofMillis(100));
            assertThat(cluster.nowMillis() - joined).isLessThan(600_000);
        }
        long done = cluster.nowMillis() - joined;
        assertThat(missing(0, acknowledged)).isZero();
        int streamed = cluster.node(joiner).replicaStore().size();
        System.out.printf(
                "join of a 4th node to 3 nodes holding %,d keys: rings agree after %,d ms, every key placed after"
                        + " %,d ms of virtual time (%,d keys streamed to the new node, %,.0f keys/s; %,d ms of wall"
                        + " time to simulate)%n",
                KEYS,
                ringsAgree,
                done,
                streamed,
                streamed * 1000.0 / Math.max(1, done - ringsAgree),
                (System.nanoTime() - wallStart) / 1_000_000);
    }

    private long expectedOnJoiner(int joiner, Map<String, Long> acknowledged) {
        String name = name(joiner);
        long count = 0;
        for (String key : acknowledged.keySet()) {
            if (cluster.node(0).keyspace().owners(key).replicas().stream()
                    .anyMatch(r -> r.node().equals(name))) {
                count++;
            }
        }
        return count;
    }
}

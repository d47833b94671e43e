package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.replication.Placement;
import dev.distcounter.node.replication.WriteResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What the simulations of joins, leaves and removals share: acknowledged puts, rings, and where keys are. */
abstract class RingChangeSimulation extends KeyspaceSimulation {
    /** {@code count} puts through node 0, all acknowledged: key -> version. */
    Map<String, Long> acknowledgedPuts(int count) {
        Map<String, Long> acknowledged = new LinkedHashMap<>();
        for (int k = 0; k < count; k++) {
            String key = "key-" + k;
            WriteResult put = put(k % 2, key, "value-" + k);
            assertThat(put.ok()).as("put %s acknowledged", key).isTrue();
            acknowledged.put(key, put.version());
        }
        return acknowledged;
    }

    /** The members on node {@code node}'s ring. */
    Set<String> ring(int node) {
        return cluster.node(node).keyspace().ring().members().stream()
                .map(m -> m.node())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    String name(int node) {
        return cluster.node(node).address().toString();
    }

    /** Runs until every node in {@code nodes} has exactly {@code members} on its ring (at most 60 s of virtual time). */
    void untilRings(List<Integer> nodes, Set<String> members) {
        for (int i = 0; i < 6_000 && !nodes.stream().allMatch(n -> ring(n).equals(members)); i++) {
            cluster.runFor(Duration.ofMillis(10));
        }
        for (int n : nodes) {
            assertThat(ring(n)).as("node %d's ring", n).isEqualTo(members);
        }
    }

    Set<String> names(List<Integer> nodes) {
        return nodes.stream().map(this::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** How many (key, replica) pairs of {@code observer}'s preference lists lack the acknowledged version. */
    long missing(int observer, Map<String, Long> acknowledged) {
        long missing = 0;
        for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
            Placement placement = cluster.node(observer).keyspace().owners(ack.getKey());
            for (Placement.Replica replica : placement.replicas()) {
                Versioned held = held(index(replica.node()), ack.getKey());
                if (held == null || held.version().counter() < ack.getValue()) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** Runs until no key of {@code observer}'s preference lists misses its acknowledged version (at most 120 s). */
    void untilEveryReplicaHolds(int observer, Map<String, Long> acknowledged) {
        for (int i = 0; i < 1_200 && missing(observer, acknowledged) > 0; i++) {
            cluster.runFor(Duration.ofMillis(100));
        }
        assertThat(missing(observer, acknowledged))
                .as("(key, replica) pairs missing the acknowledged version")
                .isZero();
    }

    int index(String node) {
        for (int i = 0; i < cluster.size(); i++) {
            if (name(i).equals(node)) {
                return i;
            }
        }
        throw new IllegalArgumentException(node);
    }
}

package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.membership.MemberState;
import dev.distcounter.node.replication.KeyspaceConfig;
import dev.distcounter.node.replication.ReadResult;
import dev.distcounter.node.replication.WriteResult;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;

/**
 * What the keyspace's simulations share: an in-memory cluster in virtual time whose rings are
 * complete before a test starts, requests run until answered (5 s of virtual time at most), and
 * a look at what one replica holds.
 */
abstract class KeyspaceSimulation {
    static final GossipConfig GOSSIP = new GossipConfig(Duration.ofSeconds(2), 2, 8, Duration.ofMillis(2));
    static final OptionalInt DEFAULT = OptionalInt.empty();

    InMemoryCluster cluster;

    /** A cluster of {@code size} nodes, run until every node's ring lists every node. */
    InMemoryCluster formed(int size, long seed) {
        return formed(new InMemoryCluster(size, GOSSIP, seed));
    }

    /** As {@link #formed(int, long)}, every node with {@code keyspace}'s settings. */
    InMemoryCluster formed(int size, KeyspaceConfig keyspace, long seed) {
        return formed(new InMemoryCluster(size, GOSSIP, keyspace, seed));
    }

    /** {@code started}, run until every node's ring lists every node. */
    InMemoryCluster formed(InMemoryCluster started) {
        cluster = started;
        int size = started.size();
        for (int i = 0; i < 500 && !everyRingHasEveryone(); i++) {
            cluster.runFor(Duration.ofMillis(10));
        }
        assertThat(everyRingHasEveryone())
                .as("every node's ring lists every node")
                .isTrue();
        return cluster;
    }

    private boolean everyRingHasEveryone() {
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.node(i).keyspace().ring().members().size() != cluster.size()) {
                return false;
            }
        }
        return true;
    }

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    <T> T await(CompletableFuture<T> future) {
        for (int i = 0; i < 5_000 && !future.isDone(); i++) {
            cluster.runFor(Duration.ofMillis(1));
        }
        assertThat(future).as("answered within 5 s of virtual time").isDone();
        return future.join();
    }

    WriteResult put(int node, String key, String value) {
        return await(cluster.node(node).keyspace().put(key, value, DEFAULT));
    }

    ReadResult get(int node, String key) {
        return await(cluster.node(node).keyspace().get(key, DEFAULT));
    }

    /** What node {@code node} holds for {@code key} as a replica; null when nothing. */
    Versioned held(int node, String key) {
        return cluster.node(node).replicaStore().get(key);
    }

    /** Until {@code observer} no longer believes {@code node} alive (at most 30 s of virtual time). */
    void untilDown(int observer, int node) {
        for (int i = 0;
                i < 3_000
                        && cluster.node(observer)
                                .peers()
                                .state(cluster.node(node).address())
                                .map(s -> s == MemberState.ALIVE)
                                .orElse(true);
                i++) {
            cluster.runFor(Duration.ofMillis(10));
        }
    }
}

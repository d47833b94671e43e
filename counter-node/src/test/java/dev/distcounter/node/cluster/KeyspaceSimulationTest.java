package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.replication.ReadResult;
import dev.distcounter.node.replication.WriteResult;
import dev.distcounter.node.storage.StorageConfig;
import dev.distcounter.node.transport.LinkFaults;
import dev.distcounter.wal.WalObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keyspace's promises (docs/guarantees.md §13) on in-memory clusters in virtual time: quorum
 * success and failure with what each failure says, writes reaching every replica, read repair,
 * durability (a replica's log, a replica without one) and the coordinator's bound. The version
 * guarantees: {@link KeyspaceVersionsSimulationTest}.
 */
class KeyspaceSimulationTest extends KeyspaceSimulation {
    @Test
    void aPutIsReadFromAnotherNodeAndReachesEveryReplica() {
        formed(3, 1);
        WriteResult put = put(0, "alpha", "first");
        assertThat(put.ok()).isTrue();
        assertThat(put.version()).isEqualTo(1);
        assertThat(get(1, "alpha")).satisfies(r -> {
            assertThat(r.kind()).isEqualTo(ReadResult.Kind.FOUND);
            assertThat(r.value()).isEqualTo("first");
            assertThat(r.version()).isEqualTo(1);
        });
        // GoDist stopped at W: the third replica never got the write. Here all N do.
        cluster.runFor(Duration.ofMillis(100));
        for (int i = 0; i < 3; i++) {
            assertThat(held(i, "alpha").value()).as("replica %d", i).isEqualTo("first");
        }
    }

    @Test
    void aDeletedKeyReadsNotFoundAndAnOlderValueDoesNotComeBack() {
        formed(3, 2);
        put(0, "k", "v");
        cluster.partition(List.of(2), List.of(0, 1));
        WriteResult delete = await(cluster.node(0).keyspace().delete("k", DEFAULT));
        assertThat(delete.ok()).isTrue();
        assertThat(delete.version()).isEqualTo(2);
        cluster.heal();
        // Node 2 still holds the value; a read through it sees the tombstone and repairs it.
        assertThat(get(2, "k").kind()).isEqualTo(ReadResult.Kind.NOT_FOUND);
        cluster.runFor(Duration.ofMillis(100));
        assertThat(held(2, "k").deleted()).isTrue();
    }

    @Test
    void withTwoOfThreeReplicasDownWritesAndReadsFailAndSaySo() {
        formed(3, 3);
        put(0, "k", "before");
        cluster.crash(1);
        cluster.crash(2);
        // Once node 0's failure detector suspects them, it no longer writes directly.
        untilDown(0, 1);
        untilDown(0, 2);
        WriteResult put = put(0, "k", "after");
        assertThat(put.ok()).isFalse();
        assertThat(put.error()).startsWith("write quorum not reached");
        // The version pre-read failed, so nothing was sent: certainly not applied (GoDist ignored
        // pre-read errors and could answer 200 with a version below an acknowledged one).
        assertThat(put.outcome()).isEqualTo(WriteOutcome.NOT_APPLIED);
        assertThat(held(0, "k").value()).isEqualTo("before");
        ReadResult read = get(0, "k");
        assertThat(read.kind()).isEqualTo(ReadResult.Kind.NO_QUORUM);
        assertThat(read.error()).startsWith("read quorum not reached");
    }

    @Test
    void aWriteStoredWhoseAcknowledgementsAreLostIsIndeterminate() {
        formed(3, 4);
        put(0, "k", "before");
        // The replicas store what node 0 sends them, but their answers never reach it; node 0
        // still believes them alive, so it writes at once, and learns nothing more.
        for (int i = 1; i < 3; i++) {
            cluster.node(i).transport().setFaults(cluster.node(0).address(), LinkFaults.BLOCKED);
        }
        WriteResult put = put(0, "k", "after");
        assertThat(put.ok()).isFalse();
        assertThat(put.error()).contains("1 of W=2");
        assertThat(put.outcome()).isEqualTo(WriteOutcome.INDETERMINATE);
        assertThat(held(2, "k").value()).as("indeed applied on a replica").isEqualTo("after");
    }

    @Test
    void withOneReplicaDownWritesAndReadsSucceed() {
        formed(3, 5);
        cluster.crash(2);
        assertThat(put(0, "k", "v").ok()).isTrue();
        assertThat(get(1, "k").value()).isEqualTo("v");
    }

    @Test
    void aReadRepairsAStaleReplicaThatAnswersLate() {
        formed(3, 7);
        cluster.partition(List.of(2), List.of(0, 1));
        put(0, "k", "v");
        cluster.heal();
        assertThat(held(2, "k")).isNull();
        // Node 2's replies take 200 ms: the read answers from 0 and 1, and repairs 2 when it answers.
        cluster.node(2)
                .transport()
                .setDefaultFaults(new LinkFaults(0, 0, Duration.ofMillis(200), Duration.ofMillis(200), false));
        ReadResult read = get(1, "k");
        assertThat(read.value()).isEqualTo("v");
        assertThat(held(2, "k")).isNull();
        cluster.runFor(Duration.ofMillis(500));
        assertThat(held(2, "k")).isNotNull();
        assertThat(held(2, "k").value()).isEqualTo("v");
    }

    @Test
    void aReplicaRestartedFromItsLogStillHoldsEveryAcknowledgedWrite(@TempDir Path dir) throws IOException {
        formed(3, 9);
        StorageConfig storage = new StorageConfig(true, true, dir, 1 << 20, 40, false);
        cluster.restartWith(2, ReplicaStore.open("sim-2", storage, WalObserver.NONE));
        cluster.runFor(Duration.ofSeconds(2));
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
            String key = "key-" + k;
            if (put(k % 3, key, "value-" + k).ok()) {
                keys.add(key);
            }
        }
        cluster.runFor(Duration.ofMillis(100));
        assertThat(keys).hasSize(100);
        ReplicaStore before = cluster.node(2).replicaStore();
        cluster.crash(2);
        before.close(); // its log: a snapshot every 40 records, the rest after it
        ReplicaStore reopened = ReplicaStore.open("sim-2", storage, WalObserver.NONE);
        try {
            cluster.restartWith(2, reopened);
            cluster.runFor(Duration.ofSeconds(2));
            cluster.partition(List.of(0), List.of(1, 2));
            for (String key : keys) {
                if (cluster.node(2).keyspace().owners(key).replicas().stream()
                        .anyMatch(r -> r.node().equals("sim-2:9002"))) {
                    assertThat(held(2, key)).as("replica 2 recovered %s", key).isNotNull();
                }
                assertThat(get(2, key).value()).isEqualTo("value-" + key.substring(4));
            }
        } finally {
            reopened.close();
        }
    }

    @Test
    void whatACoordinatorHoldsForSlowReplicasIsBoundedAndGivenBack() {
        formed(3, 10);
        // Node 2 never answers node 0: each write lingers for the timeout, holding its value.
        cluster.node(2).transport().setFaults(cluster.node(0).address(), LinkFaults.BLOCKED);
        String mebibyte = "x".repeat(1 << 20);
        List<CompletableFuture<WriteResult>> puts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            puts.add(cluster.node(0).keyspace().put("big-" + i, mebibyte, DEFAULT));
        }
        List<WriteResult> results = puts.stream().map(this::await).toList();
        assertThat(results).filteredOn(WriteResult::ok).hasSizeBetween(5, 15);
        assertThat(results).filteredOn(r -> !r.ok()).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(WriteOutcome.NOT_APPLIED);
            assertThat(r.error()).contains("still delivering");
        });
        cluster.runFor(Duration.ofSeconds(3));
        var coordinator = (dev.distcounter.node.replication.KeyspaceCoordinator)
                cluster.node(0).keyspace();
        assertThat(coordinator.heldWriteBytes())
                .as("every reservation given back")
                .isZero();
        assertThat(put(0, "big-again", mebibyte).ok()).isTrue();
    }

    @Test
    void aReplicaWithoutALogDoesNotCountTowardsW() {
        formed(3, 12);
        // Node 1 as if started with --wal=false: what it holds dies with it.
        cluster.restartWith(1, ReplicaStore.volatileInMemory("sim-1"));
        cluster.runFor(Duration.ofSeconds(2));
        assertThat(put(0, "k", "all three up").ok()).isTrue();
        // With node 2 down, nodes 0 and 1 hold a put, but only node 0 durably: W=2 is not
        // reached, and the client must not think otherwise.
        cluster.crash(2);
        untilDown(0, 2);
        WriteResult put = put(0, "k", "v");
        assertThat(put.ok()).isFalse();
        assertThat(put.outcome()).isEqualTo(WriteOutcome.INDETERMINATE);
        assertThat(held(1, "k").value()).as("held, in memory").isEqualTo("v");
    }
}

package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.replication.ReadResult;
import dev.distcounter.node.replication.WriteResult;
import dev.distcounter.node.transport.LinkFaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The keyspace's version guarantees (docs/guarantees.md §13, 1-3) on in-memory clusters in
 * virtual time: a write that starts after an acknowledged one wins, whichever path chose its
 * version; a read never shows what a later quorum could miss; and concurrent coordinators over
 * loss, delay and a partition converge on one winner, each client's versions only growing.
 */
class KeyspaceVersionsSimulationTest extends KeyspaceSimulation {
    @Test
    void aDirectWriteWhoseVersionIsTooLowIsRedoneAboveTheAcknowledgedOne() {
        formed(3, 5);
        // A reaches nodes 1 and 2 only; node 0 holds nothing for the key.
        cluster.partition(List.of(0), List.of(1, 2));
        WriteResult a = put(1, "k", "A");
        assertThat(a.ok()).isTrue();
        cluster.heal();
        // Node 0 writes at once with its own version + 1 = 1, which 1 and 2 refuse: it falls
        // back to a pre-read and writes above A.
        WriteResult b = put(0, "k", "B");
        assertThat(b.ok()).isTrue();
        assertThat(b.version()).isGreaterThan(a.version());
        assertThat(get(2, "k").value()).isEqualTo("B");
    }

    @Test
    void aWriteThatStartsAfterAnAcknowledgedOneWinsEvenThroughAStaleCoordinator() {
        formed(3, 6);
        // A reaches nodes 0 and 1 only.
        cluster.partition(List.of(2), List.of(0, 1));
        WriteResult a = put(0, "k", "A");
        assertThat(a.ok()).isTrue();
        cluster.heal();
        // B is coordinated by node 2, which never saw A, while node 0 is cut off: its own
        // replica is stale, but the pre-read quorum (2, 1) includes node 1, which holds A.
        cluster.partition(List.of(0), List.of(1, 2));
        WriteResult b = put(2, "k", "B");
        assertThat(b.ok()).isTrue();
        assertThat(b.version()).isGreaterThan(a.version());
        assertThat(get(1, "k").value()).isEqualTo("B");
        cluster.heal();
        assertThat(get(0, "k").value()).isEqualTo("B");
    }

    @Test
    void aValueAnUnfinishedWriteLeftOnOneReplicaIsWrittenBackBeforeAReadShowsIt() {
        formed(3, 8);
        put(0, "k", "acknowledged");
        // What an unfinished write leaves behind: a newer version on one replica only.
        Versioned orphan = Versioned.value(new Version(held(0, "k").version().counter() + 1, "elsewhere", 1), "orphan");
        cluster.node(2).replicaStore().apply("k", orphan).join();
        List<Integer> holdersWhenAnswered = new ArrayList<>();
        ReadResult read = await(cluster.node(2).keyspace().get("k", DEFAULT).whenComplete((r, e) -> {
            int holders = 0;
            for (int i = 0; i < 3; i++) {
                holders += orphan.equals(held(i, "k")) ? 1 : 0;
            }
            holdersWhenAnswered.add(holders);
        }));
        assertThat(read.value()).isEqualTo("orphan");
        // Shown only once W replicas hold it: every later quorum sees it, so no later read goes back.
        assertThat(holdersWhenAnswered)
                .singleElement()
                .satisfies(h -> assertThat(h).isGreaterThanOrEqualTo(2));
    }

    /**
     * Guarantees 1-3 under concurrent coordinators: 12 clients on 3 keys through 3 coordinators
     * (GoDist's run that left 2 of 3 keys diverged), over lossy, slow links and a partition.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void concurrentWritersConvergeAndRealTimeOrderWins(long seed) {
        formed(5, seed);
        Random random = new Random(seed);
        cluster.setFaultsEverywhere(new LinkFaults(0.05, 0.02, Duration.ZERO, Duration.ofMillis(20), false));
        KeyspaceWorkload workload = new KeyspaceWorkload(cluster, List.of("a", "b", "c"), 12, random);
        long end = cluster.nowMillis() + 8_000;
        boolean partitioned = false;
        while (cluster.nowMillis() < end) {
            workload.step();
            if (!partitioned && cluster.nowMillis() > end - 5_000) {
                cluster.partition(List.of(0, 1), List.of(2, 3, 4));
                partitioned = true;
            }
            if (cluster.nowMillis() > end - 2_000) {
                cluster.setFaultsEverywhere(new LinkFaults(0.05, 0.02, Duration.ZERO, Duration.ofMillis(20), false));
            }
            cluster.runFor(Duration.ofMillis(1));
        }
        workload.drain();
        cluster.heal();
        List<KeyspaceWorkload.Operation> history = workload.history();
        assertThat(history.stream().filter(KeyspaceWorkload.Operation::acknowledged))
                .hasSizeGreaterThan(100);
        KeyspaceWorkload.checkRealTimeOrder(history);
        KeyspaceWorkload.checkClientVersionsGrow(history);

        // Repairs run: one read of each key that every replica answers.
        for (String key : List.of("a", "b", "c")) {
            assertThat(get(0, key).kind()).isNotEqualTo(ReadResult.Kind.NO_QUORUM);
        }
        cluster.runFor(Duration.ofSeconds(1));
        for (String key : List.of("a", "b", "c")) {
            List<Versioned> replicas = new ArrayList<>();
            for (String node : cluster.node(0).keyspace().owners(key).replicas().stream()
                    .map(r -> r.node())
                    .toList()) {
                replicas.add(held(indexOf(node), key));
            }
            assertThat(replicas).as("replicas of %s", key).allMatch(v -> v != null && v.equals(replicas.get(0)));
            assertThat(workload.written(key))
                    .as("the winner of %s was written by a client", key)
                    .contains(replicas.get(0).deleted() ? null : replicas.get(0).value());
        }
    }

    private int indexOf(String node) {
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.node(i).address().toString().equals(node)) {
                return i;
            }
        }
        throw new AssertionError("no node " + node);
    }
}

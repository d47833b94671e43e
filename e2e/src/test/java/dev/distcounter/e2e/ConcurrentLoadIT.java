package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The original's five-node layout under concurrent increments from 8 client threads spread over
 * all nodes: after convergence every node's value is exactly the number of acknowledged
 * increments.
 *
 * <p>Guarantees: docs/guarantees.md §1 and §3.
 */
class ConcurrentLoadIT extends ClusterIT {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 500;

    @Test
    void everyAcknowledgedIncrementIsCountedOnEveryNode() throws Exception {
        cluster.startDiscovery();
        List<NodeProcess> nodes = cluster.startOriginalLayout();
        assertThat(nodes.get(2).logLines())
                .as("node3 (--wal=false) log")
                .anyMatch(line -> line.contains("WARN") && line.contains("WAL disabled"));
        cluster.awaitFullPeerViews(Duration.ofSeconds(15));

        IncrementLoad.Result load = new IncrementLoad(cluster.client(), nodes, THREADS, PER_THREAD)
                .start()
                .await(Duration.ofMinutes(2));
        long loadEnd = System.nanoTime();
        System.out.println("[ConcurrentLoadIT] load: " + load);
        assertThat(load.requests()).isEqualTo((long) THREADS * PER_THREAD);
        assertThat(load.refused()).as("4xx answers: " + load.sampleProblems()).isZero();
        assertThat(load.notSent())
                .as("connections refused: " + load.sampleProblems())
                .isZero();

        long acked = load.acknowledged();
        long indeterminate = load.indeterminate();
        if (indeterminate > 0) {
            System.out.println("[ConcurrentLoadIT] " + indeterminate + " requests got a 5xx or no answer (outcome"
                    + " unknown); the value may exceed the acknowledged count by at most that: "
                    + load.sampleProblems());
        }
        CounterReading converged = cluster.awaitConvergence(
                indeterminate == 0 ? "value " + acked : "value in [" + acked + ", " + (acked + indeterminate) + "]",
                r -> r.value() >= acked && r.value() <= acked + indeterminate,
                Duration.ofSeconds(30));
        Duration convergence = Duration.ofNanos(System.nanoTime() - loadEnd);
        System.out.printf(
                "[ConcurrentLoadIT] acknowledged %d, final value %d (version %d) on all %d nodes,"
                        + " converged %d ms after the load; %.0f requests/s over %d threads%n",
                acked,
                converged.value(),
                converged.version(),
                nodes.size(),
                convergence.toMillis(),
                load.requestsPerSecond(),
                THREADS);
        assertThat(converged.version())
                .as("version of an increment-only history")
                .isEqualTo(converged.value());
        assertThat(load.sampleProblems()).as("unexpected answers").allMatch(p -> !p.contains("not a "));
    }
}

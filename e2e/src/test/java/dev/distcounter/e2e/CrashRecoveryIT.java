package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL of a WAL+fsync node while 4 client threads increment on all three nodes, then a restart
 * with the same data directory: no acknowledged increment is lost, nothing is counted that was
 * never sent, and the restarted node is a new replica incarnation.
 *
 * <p>Guarantees: docs/guarantees.md §3.
 */
class CrashRecoveryIT extends ClusterIT {
    private static final int THREADS = 4;
    /** More than the test needs: it stops the load once enough was acknowledged after the restart. */
    private static final int PER_THREAD = 1_000_000;

    private static final long ACKED_AFTER_RESTART = 600;
    private static final long KILL_AFTER_ACKED = 600;
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LOAD_POLL = Duration.ofMillis(5);

    @Test
    void acknowledgedIncrementsSurviveSigkillOfANodeUnderLoad() throws Exception {
        cluster.startDiscovery();
        NodeProcess node1 = cluster.startNode("node1", "--wal=true", "--wal-fsync=true");
        NodeProcess node2 = cluster.startNode("node2");
        NodeProcess node3 = cluster.startNode("node3");
        cluster.awaitFullPeerViews(Duration.ofSeconds(15));
        List<Long> incarnationsBefore = node1.replicaIncarnations();
        assertThat(incarnationsBefore).as("'started as replica' lines of node1").hasSize(1);

        IncrementLoad load =
                new IncrementLoad(cluster.client(), List.of(node1, node2, node3), THREADS, PER_THREAD).start();
        await("load reaching " + KILL_AFTER_ACKED + " acknowledged increments")
                .atMost(LOAD_TIMEOUT)
                .pollInterval(LOAD_POLL)
                .until(() -> load.acknowledged() >= KILL_AFTER_ACKED);
        long notSentBefore = load.notSent();
        node1.sigkill();
        long ackedAtKill = load.acknowledged();
        // The crash is under load once a client has found node1 gone (connection refused).
        await("a client finding node1 down")
                .atMost(LOAD_TIMEOUT)
                .pollInterval(LOAD_POLL)
                .until(() -> load.notSent() > notSentBefore);
        cluster.restart(node1);
        long ackedAtRestart = load.acknowledged();
        await("load going on after the restart")
                .atMost(LOAD_TIMEOUT)
                .pollInterval(LOAD_POLL)
                .until(() -> load.acknowledged() >= ackedAtRestart + ACKED_AFTER_RESTART);
        load.stop();
        IncrementLoad.Result result = load.await(Duration.ofSeconds(60));
        long loadEnd = System.nanoTime();
        System.out.println("[CrashRecoveryIT] load: " + result + "; node1 SIGKILLed at " + ackedAtKill
                + " acknowledged, back at " + ackedAtRestart);
        assertThat(ackedAtKill).as("kill happened mid-load").isLessThan((long) THREADS * PER_THREAD);
        assertThat(result.acknowledged()).as("load went on after the restart").isGreaterThan(ackedAtRestart);
        assertThat(result.refused())
                .as("4xx answers: " + result.sampleProblems())
                .isZero();

        long acked = result.acknowledged();
        long noResponse = result.indeterminate();
        CounterReading converged = cluster.awaitConvergence(
                "value >= " + acked + " acknowledged", r -> r.value() >= acked, Duration.ofSeconds(30));
        Duration convergence = Duration.ofNanos(System.nanoTime() - loadEnd);
        System.out.printf(
                "[CrashRecoveryIT] acknowledged %d, no response/5xx %d (%s), final value %d (version %d):"
                        + " %d in-flight increments committed; converged %d ms after the load%n",
                acked,
                noResponse,
                result.sampleProblems(),
                converged.value(),
                converged.version(),
                converged.value() - acked,
                convergence.toMillis());
        assertThat(converged.value())
                .as(
                        "value after recovery: at least every acknowledged increment, at most those plus the %d that"
                                + " got no response",
                        noResponse)
                .isBetween(acked, acked + noResponse);
        assertThat(converged.version())
                .as("version of an increment-only history")
                .isEqualTo(converged.value());

        List<Long> incarnations = node1.replicaIncarnations();
        System.out.println("[CrashRecoveryIT] node1 incarnations: " + incarnations);
        assertThat(incarnations)
                .as("'started as replica " + node1.addr() + "#n' lines of node1")
                .hasSize(2);
        assertThat(incarnations.get(1)).as("incarnation after the restart").isNotEqualTo(incarnations.get(0));
    }
}

package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Drives {@code run-cluster.sh} end to end: a real 5-node cluster (plus the discovery server) on
 * free loopback ports, with logs and data in a temporary directory, never in the repository.
 */
class RunClusterScriptIT extends ScriptedClusterIT {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);
    /** simulation 20 s + baseline wait (up to 15 s) + convergence wait (up to 30 s) + slack. */
    private static final Duration SIMULATION_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void startCheckSimulateAndStopTheCluster() throws Exception {
        Result start = run(START_TIMEOUT, "start");
        assertThat(start.exitCode())
                .as("start exit code; output:%n%s", start.output())
                .isZero();

        Map<String, Long> pids = pidFiles();
        assertThat(pids.keySet())
                .as("PID files after start")
                .containsExactlyInAnyOrder(
                        "discovery.pid", "node-1.pid", "node-2.pid", "node-3.pid", "node-4.pid", "node-5.pid");
        startedPids.addAll(pids.values());
        assertThat(pids.values()).as("every started process is alive").allMatch(ScriptedClusterIT::alive);

        Result status = run(SHORT_TIMEOUT, "status");
        assertThat(status.exitCode())
                .as("status exit code; output:%n%s", status.output())
                .isZero();
        assertThat(status.output())
                .as("status output")
                .contains("5/5 nodes running")
                .doesNotContain("unreachable");

        Result check = run(CHECK_TIMEOUT, "check");
        assertThat(check.exitCode())
                .as("check exit code; output:%n%s", check.output())
                .isZero();
        assertThat(check.output()).as("check output").contains("PASS");

        Result consistency = run(SHORT_TIMEOUT, "consistency");
        assertThat(consistency.exitCode())
                .as("consistency exit code; output:%n%s", consistency.output())
                .isZero();
        assertThat(consistency.output()).contains("All nodes are consistent");

        Result simulation = run(SIMULATION_TIMEOUT, "simulation", "20", "2", "5");
        assertThat(simulation.exitCode())
                .as("simulation exit code; output:%n%s", simulation.output())
                .isZero();
        assertThat(simulation.output()).as("simulation output").contains("converged to the expected value");

        Result stop = run(STOP_TIMEOUT, "stop");
        assertThat(stop.exitCode())
                .as("stop exit code; output:%n%s", stop.output())
                .isZero();
        assertThat(pidFiles()).as("PID files left after stop").isEmpty();
        for (long pid : startedPids) {
            assertThat(alive(pid))
                    .as("process %d is still alive after stop", pid)
                    .isFalse();
        }

        Result stopAgain = run(STOP_TIMEOUT, "stop");
        assertThat(stopAgain.exitCode())
                .as("a second stop is a no-op; output:%n%s", stopAgain.output())
                .isZero();
    }
}

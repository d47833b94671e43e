package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Drives {@code run-cluster.sh} end to end, as an operator's session on one real 5-node cluster
 * (plus the discovery server) on free loopback ports, with logs and data in a temporary
 * directory, never in the repository: {@code start}, {@code status}, {@code check},
 * {@code consistency} and a {@code simulation}; {@code keys} rotates the cluster key on the
 * running cluster; then the fault commands: {@code partition} splits the leader election in two,
 * {@code heal} joins it again, {@code kill} and {@code restart} move the leadership away and back
 * (the restarted node starts with the new key), and a seeded {@code simulation --faults} must end
 * with a converged cluster and a history the checker finds valid, as must a short one of the
 * keyspace ({@code --workload kv}, kills and partitions); {@code stop} leaves nothing
 * running.
 * One cluster for all of it: starting and stopping five JVMs is most of what a second one costs.
 *
 * <p>Node ids default to the TCP port, so the highest live port leads: node 5 when it is alive,
 * node 2 on the side {1, 2} of a partition, node 4 while node 5 is down.
 */
class RunClusterScriptIT extends ScriptedClusterIT {
    /** Suspicion after 3 s, election timeout 1 s: a new leader well within this. */
    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);
    /** simulation 20 s + baseline wait (up to 15 s) + convergence wait (up to 30 s) + slack. */
    private static final Duration QUIET_SIMULATION_TIMEOUT = Duration.ofMinutes(2);
    /** simulation 25 s + baseline (up to 15 s) + restarts + convergence (up to 60 s) + the checker. */
    private static final Duration SIMULATION_TIMEOUT = Duration.ofMinutes(3);
    /** simulation 15 s + restarts + convergence (up to 60 s) + the keys' replica reads + the checker. */
    private static final Duration KEY_SIMULATION_TIMEOUT = Duration.ofMinutes(3);

    /** A running node's line in {@code status}, then its view of the cluster on the next line. */
    private static final Pattern LEADER_VIEW =
            Pattern.compile("(?m)^Node (\\d+): running[^\\n]*\\n\\s+leader node (\\d+) \\(");

    /** The primary key every process agrees on, from the output of {@code keys list}. */
    private static String agreedPrimary(Result list) {
        Matcher agreed = Pattern.compile("All 6 running processes agree: primary ([0-9a-f]{8})")
                .matcher(list.output());
        assertThat(agreed.find()).as("keys list output:%n%s", list.output()).isTrue();
        return agreed.group(1);
    }

    @Test
    void startOperateBreakHealAndStopTheCluster() throws Exception {
        Result start = run(START_TIMEOUT, "start");
        assertThat(start.exitCode())
                .as("start exit code; output:%n%s", start.output())
                .isZero();
        Map<String, Long> pids = pidFiles();
        assertThat(pids.keySet())
                .as("PID files after start")
                .containsExactlyInAnyOrder(
                        "discovery.pid", "node-1.pid", "node-2.pid", "node-3.pid", "node-4.pid", "node-5.pid");
        rememberPids();
        assertThat(pids.values()).as("every started process is alive").allMatch(ScriptedClusterIT::alive);
        // start returns a formed cluster: every node already lists the other four
        assertThat(start.output()).containsPattern("Cluster formed in \\d+\\.\\ds: every node lists the other 4");
        Result peers = run(SHORT_TIMEOUT, "peers");
        assertThat(peers.output().lines().filter(l -> l.matches("Node \\d \\(localhost:\\d+\\): Peers \\(4\\): .*")))
                .as("every node's peers right after start; output:%n%s", peers.output())
                .hasSize(5);
        awaitLeaders(
                "every node follows node 5 after start",
                LEADER_TIMEOUT,
                leaders -> leaders.equals(all(5, 1, 2, 3, 4, 5)));

        // -- the everyday commands
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
        Result quiet = run(QUIET_SIMULATION_TIMEOUT, "simulation", "20", "2", "5");
        assertThat(quiet.exitCode())
                .as("simulation exit code; output:%n%s", quiet.output())
                .isZero();
        assertThat(quiet.output()).as("simulation output").contains("converged to the expected value");

        // -- the cluster key: start made one; rotate it on the running cluster. Node 5's restart
        // below then starts it with the new key from data/cluster.key, and it must lead again.
        assertThat(clusterDir.resolve("data/cluster.key"))
                .as("the key start made")
                .isRegularFile();
        String oldKey = agreedPrimary(run(SHORT_TIMEOUT, "keys", "list"));
        Result generate = run(
                SHORT_TIMEOUT, "keys", "generate", clusterDir.resolve("new.key").toString());
        Matcher generated = Pattern.compile("fingerprint ([0-9a-f]{8})").matcher(generate.output());
        assertThat(generated.find())
                .as("keys generate output:%n%s", generate.output())
                .isTrue();
        String newKey = generated.group(1);
        for (String[] step : new String[][] {
            {"install", clusterDir.resolve("new.key").toString()}, {"use", newKey}, {"remove", oldKey}
        }) {
            Result rotation = run(SHORT_TIMEOUT, "keys", step[0], step[1]);
            assertThat(rotation.exitCode())
                    .as("keys %s exit code; output:%n%s", step[0], rotation.output())
                    .isZero();
        }
        assertThat(agreedPrimary(run(SHORT_TIMEOUT, "keys", "list"))).isEqualTo(newKey);
        Result rotatedCheck = run(CHECK_TIMEOUT, "check");
        assertThat(rotatedCheck.output()).as("check after the rotation").contains("PASS");

        // -- bad input is refused before anything is touched
        Result typo = run(SHORT_TIMEOUT, "stat");
        assertThat(typo.exitCode())
                .as("a mistyped command; output:%n%s", typo.output())
                .isEqualTo(1);
        assertThat(typo.output())
                .contains("Unknown command: stat (did you mean 'status'?); see ")
                .doesNotContain("Commands:");
        Result oneGroup = run(SHORT_TIMEOUT, "partition", "1,2");
        assertThat(oneGroup.exitCode())
                .as("a partition of one group; output:%n%s", oneGroup.output())
                .isEqualTo(1);
        Result badNode = run(SHORT_TIMEOUT, "partition", "1,2", "3,9");
        assertThat(badNode.exitCode())
                .as("a partition naming node 9; output:%n%s", badNode.output())
                .isEqualTo(1);
        Result twice = run(SHORT_TIMEOUT, "partition", "1,2", "2,3");
        assertThat(twice.exitCode())
                .as("a node in two groups; output:%n%s", twice.output())
                .isEqualTo(1);

        // -- a partition: each side elects its own leader
        Result partition = run(SHORT_TIMEOUT, "partition", "1,2", "3,4,5");
        assertThat(partition.exitCode())
                .as("partition exit code; output:%n%s", partition.output())
                .isZero();
        assertThat(partition.output()).contains("Node 1 ", "Node 5 ", "Partition in place");
        String split = awaitLeaders("node 2 leads {1,2} and node 5 leads {3,4,5}", LEADER_TIMEOUT, leaders -> {
            Map<Integer, Integer> expected = all(2, 1, 2);
            expected.putAll(all(5, 3, 4, 5));
            return leaders.equals(expected);
        });
        assertThat(split).contains("do NOT agree");

        // -- heal: one leader again
        Result heal = run(SHORT_TIMEOUT, "heal");
        assertThat(heal.exitCode())
                .as("heal exit code; output:%n%s", heal.output())
                .isZero();
        String healed = awaitLeaders(
                "every node follows node 5 after heal",
                LEADER_TIMEOUT,
                leaders -> leaders.equals(all(5, 1, 2, 3, 4, 5)));
        assertThat(healed).contains("Leader: all 5 running nodes agree on node 5");

        // -- a running node is never removed from the ring
        Result removeRunning = run(SHORT_TIMEOUT, "remove", "5");
        assertThat(removeRunning.exitCode())
                .as("removing a running node; output:%n%s", removeRunning.output())
                .isEqualTo(1);
        assertThat(removeRunning.output()).contains("Node 5", "is still running: stop or kill it first");

        // -- kill the leader: node 4 takes over
        long node5 = pidFiles().get("node-5.pid");
        Result kill = run(SHORT_TIMEOUT, "kill", "5");
        assertThat(kill.exitCode())
                .as("kill exit code; output:%n%s", kill.output())
                .isZero();
        assertThat(alive(node5)).as("node 5 (PID %d) after kill", node5).isFalse();
        assertThat(pidFiles()).as("PID files after kill 5").doesNotContainKey("node-5.pid");
        Result killAgain = run(SHORT_TIMEOUT, "kill", "5");
        assertThat(killAgain.exitCode())
                .as("killing a stopped node; output:%n%s", killAgain.output())
                .isEqualTo(1);
        String failedOver = awaitLeaders(
                "nodes 1-4 follow node 4 while node 5 is down",
                LEADER_TIMEOUT,
                leaders -> leaders.equals(all(4, 1, 2, 3, 4)));
        assertThat(failedOver).contains("4/5 nodes running", "Leader: all 4 running nodes agree on node 4");

        // -- restart it: node 5 leads again
        Result restart = run(RESTART_TIMEOUT, "restart", "5");
        assertThat(restart.exitCode())
                .as("restart exit code; output:%n%s", restart.output())
                .isZero();
        rememberPids();
        assertThat(pidFiles()).as("PID files after restart 5").containsKey("node-5.pid");
        awaitLeaders(
                "every node follows node 5 after its restart",
                LEADER_TIMEOUT,
                leaders -> leaders.equals(all(5, 1, 2, 3, 4, 5)));

        // -- a seeded simulation with every kind of fault: seed 101 draws a kill, a pause, a
        // partition and frame loss, in that order (FaultScheduleTest)
        Result simulation = run(
                SIMULATION_TIMEOUT,
                "simulation",
                "25",
                "2",
                "4",
                "--faults",
                "kill,partition,chaos,pause",
                "--seed",
                "101");
        rememberPids();
        assertThat(simulation.output())
                .as("simulation output")
                .contains("seed 101", "fault: SIGSTOP node", "resumed (SIGCONT)", "History check: VALID", "Plot: ")
                .doesNotContain("INVALID");
        assertThat(simulation.exitCode())
                .as("simulation exit code; output:%n%s", simulation.output())
                .isZero();
        List<String> history = historyLines(2);
        assertThat(history.get(0)).as("first history line").startsWith("{\"type\":\"meta\"");
        assertThat(history).as("history op lines").anyMatch(l -> l.startsWith("{\"type\":\"op\""));
        assertThat(history.stream()
                        .filter(l -> l.startsWith("{\"type\":\"final\""))
                        .count())
                .as("final lines, one per node")
                .isEqualTo(NODES);

        Result after = run(SHORT_TIMEOUT, "status");
        assertThat(after.output()).as("status after the simulation").contains("5/5 nodes running");

        // -- a short seeded simulation of the keyspace under crashes and partitions
        Result keys = run(
                KEY_SIMULATION_TIMEOUT,
                "simulation",
                "15",
                "1.5",
                "3",
                "--faults",
                "kill,partition",
                "--seed",
                "11",
                "--workload",
                "kv");
        rememberPids();
        assertThat(keys.output())
                .as("key simulation output")
                .contains("Workload: kv", "History check: VALID")
                .doesNotContain("INVALID");
        assertThat(keys.exitCode())
                .as("key simulation exit code; output:%n%s", keys.output())
                .isZero();
        List<String> keyHistory = historyLines(3);
        assertThat(keyHistory).as("history kv lines").anyMatch(l -> l.startsWith("{\"type\":\"kv\""));
        assertThat(keyHistory.stream()
                        .filter(l -> l.startsWith("{\"type\":\"kvfinal\""))
                        .count())
                .as("kvfinal lines, the 3 replicas of each of the 8 keys")
                .isEqualTo(24);

        // -- stop: nothing left
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

    /** node -> leader, every node in {@code nodes} following {@code leader}. */
    private static Map<Integer, Integer> all(int leader, int... nodes) {
        Map<Integer, Integer> map = new TreeMap<>();
        for (int node : nodes) {
            map.put(node, leader);
        }
        return map;
    }

    /** Running node -> the node it reports as leader, from {@code status} (nodes without a leader are left out). */
    private static Map<Integer, Integer> leaders(String status) {
        Map<Integer, Integer> leaders = new TreeMap<>();
        Matcher m = LEADER_VIEW.matcher(status);
        while (m.find()) {
            leaders.put(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        return leaders;
    }

    /** Runs {@code status} every half second until the leaders it shows pass; returns that output. */
    private String awaitLeaders(String what, Duration timeout, Predicate<Map<Integer, Integer>> wanted) {
        AtomicReference<String> passed = new AtomicReference<>();
        await(what)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                // run() appends to the transcript, which the test thread prints on failure.
                .pollInSameThread()
                .untilAsserted(() -> {
                    Result status = run(SHORT_TIMEOUT, "status");
                    assertThat(status.exitCode())
                            .as("status exit code; output:%n%s", status.output())
                            .isZero();
                    assertThat(leaders(status.output()))
                            .as("leaders shown by status:%n%s", status.output())
                            .matches(wanted);
                    passed.set(status.output());
                });
        return passed.get();
    }

    /** The lines of the newest history file when there are {@code expected}: the last simulation's. */
    private List<String> historyLines(int expected) throws IOException {
        Path logs = clusterDir.resolve("logs");
        try (Stream<Path> files = Files.list(logs)) {
            List<Path> histories = files.filter(f -> f.getFileName().toString().matches("history-.*\\.jsonl"))
                    .sorted()
                    .toList();
            // One per simulation: the quiet one, the one with faults, the keys' (names sort by time).
            assertThat(histories).as("history files in %s", logs).hasSize(expected);
            return Files.readAllLines(histories.get(expected - 1), StandardCharsets.UTF_8);
        }
    }
}

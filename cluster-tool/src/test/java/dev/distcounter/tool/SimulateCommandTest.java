package dev.distcounter.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.checker.Fault;
import dev.distcounter.checker.History;
import dev.distcounter.checker.HistoryChecker;
import dev.distcounter.checker.NodeInfo;
import dev.distcounter.checker.Outcome;
import dev.distcounter.tool.FakeCluster.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulation end to end against a fake cluster in fake time: its lines, its history, its verdict. */
class SimulateCommandTest {
    @TempDir
    Path dir;

    @Test
    void aQuietSimulationConvergesToTheExpectedValueAndRecordsEverything() throws IOException {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.applied(1, 3);
        tool.cluster.gossipDelay = 500;

        ToolRunner.Result sim = tool.run("simulate", "10", "2", "3", "--seed", "5");

        assertThat(sim.exit()).as(sim.out()).isZero();
        assertThat(sim.lines())
                .startsWith(
                        "Simulation: 10s, 3 random operation(s) every 2s",
                        "Seed: 5",
                        "Waiting for a consistent baseline (up to 15s) ...",
                        "  Baseline: 3 (version 3) on 5 node(s)");
        assertThat(sim.lines())
                .filteredOn(line -> line.startsWith("["))
                .hasSize(4)
                .allMatch(line -> line.matches(
                        "\\[ +\\d+\\.\\ds\\] ops \\d+ \\(acked \\d+, indeterminate 0\\) expected -?\\d+ \\|"
                                + "( n\\d=-?\\d+){5} \\| spread \\d+ \\| last change \\d+\\.\\ds ago"));
        assertThat(sim.lines())
                .anyMatch(
                        line -> line.matches(
                                "✓ All 5 nodes converged to the expected value -?\\d+ in 0\\.\\ds after the last operation \\(version 18\\)"));
        assertThat(sim.lines()).last().asString().startsWith("✓ History check: VALID (" + dir.resolve("logs"));

        History history = History.read(onlyHistory());
        assertThat(history.nodes())
                .containsEntry("3", new NodeInfo("localhost:9002", false))
                .hasSize(5);
        assertThat(history.initial().value()).isEqualTo(3);
        assertThat(history.ops()).hasSize(15).allMatch(op -> op.outcome() == Outcome.OK && op.value() != null);
        assertThat(history.reads()).as("the baseline and four progress lines").hasSize(25);
        assertThat(history.finals()).hasSize(5);
        assertThat(history.faults()).isEmpty();
        assertThat(HistoryChecker.check(history).valid()).isTrue();
        assertThat(sim.lines())
                .contains("History: " + onlyHistory()
                        + " (15 ops: 15 ok, 0 info, 0 fail; 25 reads; 0 faults; 5 finals; starting from 3)");
    }

    @Test
    void theSameSeedRepeatsTheSameRunExactly(@TempDir Path other) throws IOException {
        ToolRunner first = new ToolRunner(dir, 1);
        ToolRunner second = new ToolRunner(other, 2);

        ToolRunner.Result a = first.run("simulate", "30", "1", "4", "--faults", "kill,partition,chaos", "--seed", "3");
        ToolRunner.Result b = second.run("simulate", "30", "1", "4", "--faults", "kill,partition,chaos", "--seed", "3");

        assertThat(a.exit()).as(a.out()).isZero();
        assertThat(b.out().replace(other.toString(), dir.toString())).isEqualTo(a.out());
        assertThat(Files.readAllLines(historyIn(other))).isEqualTo(Files.readAllLines(onlyHistory()));
        assertThat(first.cluster.events).isEqualTo(second.cluster.events).isNotEmpty();
    }

    @Test
    void faultsAreInjectedOneAtATimeAndAllEndedBeforeTheCheck() throws IOException {
        ToolRunner tool = new ToolRunner(dir);

        ToolRunner.Result sim = tool.run("simulate", "60", "1", "2", "--faults", "kill,partition,chaos", "--seed", "8");

        assertThat(sim.exit()).as(sim.out()).isZero();
        assertThat(sim.lines())
                .contains("Faults: kill,partition,chaos, at most one at a time; seed 8 (repeat with --seed 8)")
                .contains("Ending the fault schedule: healing every node and restarting any node that is down ...")
                .anyMatch(line -> line.startsWith("! fault: SIGKILL node "))
                .anyMatch(line -> line.startsWith("! fault: partition "))
                .anyMatch(line -> line.startsWith("! fault: drop 0.3 on nodes "))
                .anyMatch(line -> line.startsWith("✓ All 5 nodes converged to the expected value"));
        List<Fault> faults = History.read(onlyHistory()).faults();
        assertThat(faults).last().satisfies(f -> assertThat(f.detail()).startsWith("final heal:"));
        // At most one at a time: every fault that starts is ended (restart or heal) before the next.
        List<String> what = faults.stream().map(Fault::what).toList();
        for (int i = 0; i + 1 < what.size(); i++) {
            if (List.of("kill", "partition", "chaos").contains(what.get(i))) {
                assertThat(what.get(i + 1))
                        .as("after %s at %d in %s", what.get(i), i, what)
                        .isIn("restart", "heal");
            }
        }
        assertThat(tool.cluster.running().nodes())
                .as("every node runs at the end")
                .hasSize(5);
        assertThat(tool.cluster.events.stream()
                        .filter(e -> e.startsWith("kill"))
                        .count())
                .isEqualTo(tool.cluster.events.stream()
                        .filter(e -> e.startsWith("launch"))
                        .count());
    }

    @Test
    void indeterminateWritesAreInfoInTheHistoryAndWidenTheExpectedRange() throws IOException {
        ToolRunner tool = new ToolRunner(dir);
        for (int node = 1; node <= 5; node++) {
            tool.cluster.answer(node, Answer.UNKNOWN_BUT_APPLIED, Answer.UNKNOWN_NOT_APPLIED);
        }

        ToolRunner.Result sim = tool.run("simulate", "4", "2", "5", "--seed", "1");

        assertThat(sim.exit()).as(sim.out()).isZero();
        History history = History.read(onlyHistory());
        long info = history.ops().stream()
                .filter(op -> op.outcome() == Outcome.INFO)
                .count();
        assertThat(info).isPositive();
        assertThat(sim.lines())
                .anyMatch(line -> line.matches("! (in|de)crement on node \\d: HTTP 503, outcome unknown"))
                .anyMatch(line -> line.matches(
                        "Expected value: -?\\d+, or anything in \\[-?\\d+, -?\\d+\\] given the indeterminate operations\\."
                                + " Waiting up to 30s for convergence \\.\\.\\."))
                .anyMatch(line -> line.matches(".* after the last operation \\(acknowledged ops give -?\\d+; " + info
                        + " indeterminate ops allow \\[-?\\d+, -?\\d+\\]\\)"))
                .contains("✓ History check: VALID (" + onlyHistory() + ")");
    }

    @Test
    void aValueNoOperationsCanExplainFailsTheRunAndTheHistory() throws IOException {
        ToolRunner tool = new ToolRunner(dir);
        for (int node = 1; node <= 5; node++) {
            tool.cluster.answer(node, Answer.COUNTED_TWICE);
        }

        ToolRunner.Result sim = tool.run("simulate", "2", "2", "1", "--seed", "1");

        assertThat(sim.exit()).isEqualTo(1);
        assertThat(sim.lines())
                .anyMatch(line -> line.matches(
                        "✗ All nodes converged to -?\\d+ but expected -?\\d+ \\(difference -?1; baseline 0, \\+\\d -\\d"
                                + " acknowledged\\)"))
                .contains("✗ History check: INVALID (" + onlyHistory() + ")");
    }

    @Test
    void withoutAConvergedBaselineNothingIsSent() throws IOException {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.gossipDelay = 60_000;
        tool.cluster.applied(1, 1);

        assertNoBaseline(tool.run("simulate", "10"));
    }

    /** Issue 10: one value and version on both sides of a partition is not a converged baseline. */
    @Test
    void oneValueAndVersionOverTwoStatesIsNoBaseline() throws IOException {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.gossipDelay = 60_000;
        tool.cluster.appliedWithin(List.of(1, 2), 2, 1).appliedWithin(List.of(3, 4, 5), 5, 1);

        assertNoBaseline(tool.run("simulate", "10"));
    }

    /** The simulation stopped before its first operation: nothing sent, nothing recorded. */
    private void assertNoBaseline(ToolRunner.Result sim) throws IOException {
        assertThat(sim.exit()).isEqualTo(1);
        assertThat(sim.lines())
                .last()
                .isEqualTo("✗ The nodes did not agree before the simulation; cannot establish a baseline (see:"
                        + " ./run-cluster.sh consistency)");
        assertThat(Files.size(onlyHistory())).isZero();
    }

    @Test
    void argumentsAreCheckedWithTheScriptsMessages() {
        ToolRunner tool = new ToolRunner(dir);

        assertThat(refusal(tool, "simulate", "x")).isEqualTo("duration must be a positive number of seconds (got 'x')");
        assertThat(refusal(tool, "simulate", "0")).isEqualTo("duration must be a positive number of seconds (got '0')");
        assertThat(refusal(tool, "simulate", "10", "0.0001"))
                .isEqualTo("interval must be a positive number of seconds (got '0.0001')");
        assertThat(refusal(tool, "simulate", "10", "0"))
                .isEqualTo("interval must be a positive number of seconds (got '0')");
        assertThat(refusal(tool, "simulate", "10", "2", "-1"))
                .isEqualTo(
                        "Unknown simulation option '-1' (expected --faults kill,partition,chaos,pause and --seed S)");
        assertThat(refusal(tool, "simulate", "10", "2", "0"))
                .isEqualTo("ops_per_cycle must be a positive integer (got '0')");
        assertThat(refusal(tool, "simulate", "1", "2", "3", "4"))
                .isEqualTo("Too many arguments: 1 2 3 4 (expected [duration] [interval] [ops_per_cycle])");
        assertThat(refusal(tool, "simulate", "--faults"))
                .isEqualTo("--faults needs a list, e.g. --faults kill,partition,chaos");
        assertThat(refusal(tool, "simulate", "--faults="))
                .isEqualTo("--faults needs at least one of: kill, partition, chaos, pause");
        assertThat(refusal(tool, "simulate", "--faults", "kill,flood"))
                .isEqualTo("Unknown fault 'flood' in --faults (expected kill, partition, chaos, pause)");
        assertThat(refusal(tool, "simulate", "--seed", "-3"))
                .isEqualTo("seed must be a non-negative integer (got '-3')");
        assertThat(refusal(tool, "simulate", "--seed", "1234567890123456789"))
                .isEqualTo("seed must be a non-negative integer (got '1234567890123456789')");
        assertThat(refusal(tool, "simulate", "--speed", "3"))
                .isEqualTo(
                        "Unknown simulation option '--speed' (expected --faults kill,partition,chaos,pause and --seed S)");
        assertThat(tool.sessionsOpened()).as("nothing was asked of the cluster").isZero();
        assertThat(dir.resolve("logs")).doesNotExist();
    }

    @Test
    void fractionsOfASecondAndRepeatedFaultsAreAccepted() {
        ToolRunner tool = new ToolRunner(dir);

        ToolRunner.Result sim = tool.run("simulate", "1", "0.25", "1", "--faults=chaos,chaos", "--seed=4");

        assertThat(sim.exit()).as(sim.out()).isZero();
        assertThat(sim.lines())
                .startsWith(
                        "Simulation: 1s, 1 random operation(s) every 0.25s",
                        "Faults: chaos, at most one at a time; seed 4 (repeat with --seed 4)");
        assertThat(sim.lines()).filteredOn(line -> line.startsWith("[")).hasSize(3);
    }

    private static String refusal(ToolRunner tool, String... args) {
        ToolRunner.Result result = tool.run(args);
        assertThat(result.exit()).as("%s: %s", List.of(args), result.out()).isEqualTo(2);
        assertThat(result.err()).startsWith("✗ ").endsWith("\n");
        return result.err().substring(2).strip();
    }

    private Path onlyHistory() throws IOException {
        return historyIn(dir);
    }

    /** The one history file a simulation wrote in {@code clusterDir}. */
    static Path historyIn(Path clusterDir) throws IOException {
        try (Stream<Path> files = Files.list(clusterDir.resolve("logs"))) {
            List<Path> histories = files.filter(
                            f -> f.getFileName().toString().matches("history-\\d{8}-\\d{6}\\.jsonl"))
                    .toList();
            assertThat(histories).hasSize(1);
            return histories.get(0);
        }
    }
}

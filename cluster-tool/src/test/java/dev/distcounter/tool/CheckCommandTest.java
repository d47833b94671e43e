package dev.distcounter.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.tool.FakeCluster.Answer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check}: two increments and a decrement on different nodes, then convergence, in fake time. */
class CheckCommandTest {
    @TempDir
    Path dir;

    @Test
    void passesOnceGossipHasCarriedTheWritesEverywhere() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.applied(1, 5);
        tool.cluster.gossipDelay = 1_000;

        ToolRunner.Result check = tool.run("check");

        assertThat(check.exit()).as(check.out()).isZero();
        assertThat(check.lines())
                .startsWith(
                        "Running a quick functionality test", "Waiting for a consistent starting point (up to 15s) ...")
                .contains(
                        "  Starting value: 5 (version 5) on 5 node(s)",
                        "Expecting every node to reach 6; waiting up to 15s ...")
                .filteredOn(line -> line.matches("  (increment|decrement) on node \\d: Counter (in|de)cremented to .*"))
                .hasSize(3);
        // The last write reaches the other nodes a second after it was applied, polled every 0.2 s.
        assertThat(check.lines()).last().isEqualTo("✓ PASS: all 5 nodes converged to 6 in 1.0s");
    }

    @Test
    void theThreeWritesGoToThreeDifferentNodes() {
        ToolRunner tool = new ToolRunner(dir);

        tool.run("check");

        assertThat(tool.cluster.stateAt(1).version()).isEqualTo(3);
        assertThat(tool.run("counter").lines()).contains("✓ All 5 running nodes agree");
        assertThat(tool.run("check").lines())
                .filteredOn(line -> line.contains(" on node "))
                .extracting(line -> line.replaceAll(".* on node (\\d):.*", "$1"))
                .doesNotHaveDuplicates();
    }

    @Test
    void indeterminateWritesWidenTheExpectedValueToARangeButDoNotPass() {
        ToolRunner tool = new ToolRunner(dir);
        for (int node = 1; node <= 5; node++) {
            tool.cluster.answer(node, Answer.UNKNOWN_BUT_APPLIED);
        }

        ToolRunner.Result check = tool.run("check");

        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.lines())
                .contains(
                        "Expecting every node to reach a value in [-1, 2] (3 indeterminate); waiting up to 15s ...",
                        "! Only 0 of 3 operations were acknowledged",
                        "✗ FAIL: the nodes agree on 1, but not every operation succeeded")
                .filteredOn(line -> line.contains("HTTP 503, outcome unknown"))
                .hasSize(3);
    }

    @Test
    void refusedWritesCountForNothing() {
        ToolRunner tool = new ToolRunner(dir);
        for (int node = 1; node <= 5; node++) {
            tool.cluster.answer(node, Answer.BAD_REQUEST);
        }

        ToolRunner.Result check = tool.run("check");

        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.lines())
                .contains("Expecting every node to reach 0; waiting up to 15s ...")
                .anyMatch(line -> line.matches("  increment on node \\d: HTTP 400, refused bad 'by' parameter"))
                .last()
                .isEqualTo("✗ FAIL: the nodes agree on 0, but not every operation succeeded");
    }

    @Test
    void failsWhenTheNodesDoNotConvergeInTime() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.gossipDelay = 60_000;

        ToolRunner.Result check = tool.run("check");

        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.lines()).last().isEqualTo("✗ FAIL: the nodes did not converge within 15s (expected 1)");
    }

    @Test
    void failsWhenTheNodesDisagreeBeforeItStarts() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.gossipDelay = 60_000;
        tool.cluster.applied(2, 1);

        ToolRunner.Result check = tool.run("check");

        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.lines()).contains("  Node 2: 1 (version 1)", "  Node 3: 0 (version 0)");
        assertThat(check.lines()).last().isEqualTo("✗ FAIL: the nodes did not agree before the test started");
        assertThat(tool.cluster.stateAt(2).version()).as("no write was sent").isEqualTo(1);
    }

    @Test
    void needsARunningNode() {
        ToolRunner tool = new ToolRunner(dir);
        for (int node = 1; node <= 5; node++) {
            tool.cluster.stop(node);
        }

        ToolRunner.Result check = tool.run("check");

        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err()).isEqualTo("✗ No node is running; start the cluster with: ./run-cluster.sh start\n");
    }

    @Test
    void warnsWhenWritesMustShareNodes() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stop(1).stop(2).stop(3);

        ToolRunner.Result check = tool.run("check");

        assertThat(check.exit()).isZero();
        assertThat(check.lines()).contains("! Only 2 node(s) running; some operations will share a node");
    }
}

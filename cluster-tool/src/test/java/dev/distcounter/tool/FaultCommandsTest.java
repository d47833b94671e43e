package dev.distcounter.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code partition}, {@code heal} and {@code chaos}: what each node is told, and what is said. */
class FaultCommandsTest {
    @TempDir
    Path dir;

    @Test
    void aPartitionTellsEveryListedNodeToBlockTheOtherGroup() {
        ToolRunner tool = new ToolRunner(dir);

        ToolRunner.Result partition = tool.run("partition", "1,2", "3,4,5");

        assertThat(partition.exit()).isZero();
        assertThat(partition.lines())
                .containsExactly(
                        "Partitioning the cluster: 1,2 3,4,5",
                        "✓ Node 1 (localhost:9000): now blocks nodes 3,4,5",
                        "✓ Node 2 (localhost:9001): now blocks nodes 3,4,5",
                        "✓ Node 3 (localhost:9002): now blocks nodes 1,2",
                        "✓ Node 4 (localhost:9003): now blocks nodes 1,2",
                        "✓ Node 5 (localhost:9004): now blocks nodes 1,2",
                        "✓ Partition in place: 1,2 3,4,5  (undo with: ./run-cluster.sh heal)");
        assertThat(tool.cluster.chaosOf(1).blocked())
                .containsExactly("localhost:9002", "localhost:9003", "localhost:9004");
        assertThat(tool.cluster.chaosOf(4).blocked()).containsExactly("localhost:9000", "localhost:9001");
    }

    @Test
    void unlistedNodesAreUntouchedAndAStoppedListedNodeMakesThePartitionIncomplete() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stop(4);

        ToolRunner.Result partition = tool.run("partition", "1", "4", "2");

        assertThat(partition.exit()).isEqualTo(1);
        assertThat(partition.lines())
                .containsExactly(
                        "Partitioning the cluster: 1 4 2",
                        "✓ Node 1 (localhost:9000): now blocks nodes 2,4",
                        "✓ Node 2 (localhost:9001): now blocks nodes 1,4",
                        "✗ Node 4: not running; not told to block nodes 1,2",
                        "✗ 1 node(s) could not be told; the partition is incomplete");
        assertThat(tool.cluster.events).noneMatch(e -> e.startsWith("chaos 3") || e.startsWith("chaos 5"));
    }

    @Test
    void badGroupsAreRefusedBeforeAnyNodeIsTold() {
        ToolRunner tool = new ToolRunner(dir);

        assertThat(refusal(tool, "partition", "1,2"))
                .isEqualTo("✗ A partition needs at least two groups, e.g.: ./run-cluster.sh partition 1,2 3,4,5\n");
        assertThat(refusal(tool, "partition", "1,2", "3,9")).isEqualTo("✗ Invalid node number '9': expected 1..5\n");
        assertThat(refusal(tool, "partition", "1,2", "2,3")).isEqualTo("✗ Node 2 is in more than one group\n");
        assertThat(refusal(tool, "partition", "1;2", "3"))
                .isEqualTo("✗ Invalid group '1;2': expected node numbers separated by commas, e.g. 1,2\n");
        assertThat(refusal(tool, "partition", "--", "-1", "2"))
                .isEqualTo("✗ Invalid group '-1': expected node numbers separated by commas, e.g. 1,2\n");
        assertThat(tool.cluster.events).isEmpty();
        assertThat(tool.sessionsOpened()).as("nothing was asked of the cluster").isZero();
    }

    @Test
    void healClearsEveryRunningNode() {
        ToolRunner tool = new ToolRunner(dir);
        tool.run("partition", "1,2", "3,4,5");
        tool.cluster.stop(3);

        ToolRunner.Result heal = tool.run("heal");

        assertThat(heal.exit()).isZero();
        assertThat(heal.lines())
                .containsExactly(
                        "Healing the cluster (clearing every injected fault)",
                        "✓ Node 1: every injected fault cleared",
                        "✓ Node 2: every injected fault cleared",
                        "  Node 3: not running (skipped)",
                        "✓ Node 4: every injected fault cleared",
                        "✓ Node 5: every injected fault cleared",
                        "✓ Healed 4 node(s)");
        assertThat(tool.cluster.chaosOf(1).blocked()).isEmpty();
        assertThat(tool.cluster.chaosOf(1).delay()).isEqualTo("0s");
    }

    @Test
    void healWithNothingRunningFails() {
        ToolRunner tool = new ToolRunner(dir);
        for (int node = 1; node <= 5; node++) {
            tool.cluster.stop(node);
        }

        ToolRunner.Result heal = tool.run("heal");

        assertThat(heal.exit()).isEqualTo(1);
        assertThat(heal.err()).isEqualTo("✗ No node is running\n");
    }

    @Test
    void chaosShowsAndSetsDropAndDelay() {
        ToolRunner tool = new ToolRunner(dir);

        ToolRunner.Result set = tool.run("chaos", "all", ".3", "10ms-50ms");
        assertThat(set.exit()).isZero();
        assertThat(set.lines()).first().isEqualTo("Injecting faults: drop 0.3, delay 10ms-50ms on node(s) 1 2 3 4 5");
        assertThat(set.lines())
                .contains("✓ Node 3: Chaos: drop 0.3, delay 10ms-50ms, blocked []; so far 0 frames blocked, 0"
                        + " dropped, 0 delayed");

        tool.run("partition", "1", "2,3");
        ToolRunner.Result show = tool.run("chaos", "1");
        assertThat(show.exit()).isZero();
        assertThat(show.lines())
                .containsExactly(
                        "Injected faults",
                        "Node 1: Chaos: drop 0.3, delay 10ms-50ms, blocked [localhost:9001, localhost:9002]; so far 0"
                                + " frames blocked, 0 dropped, 0 delayed");
    }

    @Test
    void chaosRefusesBadTargetsAndProbabilities() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stop(2);

        assertThat(refusal(tool, "chaos", "all", "1.5"))
                .isEqualTo("✗ drop must be a probability from 0 to 1 (got '1.5')\n");
        assertThat(refusal(tool, "chaos", "--", "all", "-0.1"))
                .isEqualTo("✗ drop must be a probability from 0 to 1 (got '-0.1')\n");
        assertThat(refusal(tool, "chaos", "9")).isEqualTo("✗ Invalid node number '9': expected 1..5\n");
        ToolRunner.Result stopped = tool.run("chaos", "2", "0.5");
        assertThat(stopped.exit())
                .as("a stopped node is a failure, not a usage error")
                .isEqualTo(1);
        assertThat(stopped.err()).isEqualTo("✗ Node 2 is not running\n");
        assertThat(tool.cluster.events).isEmpty();
    }

    @Test
    void everyDropTheScriptAcceptedIsAccepted() {
        ToolRunner tool = new ToolRunner(dir);

        for (String drop : List.of("0", "1", "1.0", "0.25", ".5", "0.999")) {
            assertThat(tool.run("chaos", "1", drop).exit()).as("drop %s", drop).isZero();
        }
        assertThat(tool.cluster.chaosOf(1).drop()).isEqualTo(0.999);
    }

    private static String refusal(ToolRunner tool, String... args) {
        ToolRunner.Result result = tool.run(args);
        assertThat(result.exit()).as("%s", List.of(args)).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        return result.err();
    }
}

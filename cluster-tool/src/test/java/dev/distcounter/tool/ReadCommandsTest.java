package dev.distcounter.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code counter}, {@code peers} and {@code consistency}: the lines and the exit codes of the script. */
class ReadCommandsTest {
    @TempDir
    Path dir;

    @Test
    void countersThatAgree() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.applied(1, 1).applied(2, 1).applied(3, -1);

        ToolRunner.Result counter = tool.run("counter");

        assertThat(counter.exit()).isZero();
        assertThat(counter.lines())
                .containsExactly(
                        "Counter values",
                        "Node 1: Counter: 1 (version 3)",
                        "Node 2: Counter: 1 (version 3)",
                        "Node 3: Counter: 1 (version 3)",
                        "Node 4: Counter: 1 (version 3)",
                        "Node 5: Counter: 1 (version 3)",
                        "✓ All 5 running nodes agree");
    }

    @Test
    void countersThatDifferAndAStoppedNode() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.gossipDelay = 60_000;
        tool.cluster.applied(1, 1).applied(1, 1).stop(4);

        ToolRunner.Result counter = tool.run("counter");

        assertThat(counter.exit()).as("every node at once always exits 0").isZero();
        assertThat(counter.lines())
                .contains("Node 1: Counter: 2 (version 2)", "Node 2: Counter: 0 (version 0)", "Node 4: not running")
                .last()
                .isEqualTo("! Nodes differ (values 0..2, versions 0..2); gossip may still be propagating");
    }

    @Test
    void oneNodesCounterExitsOneWhenItCannotBeRead() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stop(2);

        assertThat(tool.run("counter", "1").lines()).containsExactly("Node 1: Counter: 0 (version 0)");
        ToolRunner.Result stopped = tool.run("counter", "2");
        assertThat(stopped.exit()).isEqualTo(1);
        assertThat(stopped.lines()).containsExactly("Node 2: not running");
    }

    @Test
    void peersOfEveryNodeAndTheDiscoveryServersList() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stop(5);

        ToolRunner.Result peers = tool.run("peers");

        assertThat(peers.exit()).isZero();
        assertThat(peers.lines())
                .containsExactly(
                        "Peer connections",
                        "Node 1 (localhost:9000): Peers (3): [localhost:9001 localhost:9002 localhost:9003]",
                        "Node 2 (localhost:9001): Peers (3): [localhost:9000 localhost:9002 localhost:9003]",
                        "Node 3 (localhost:9002): Peers (3): [localhost:9000 localhost:9001 localhost:9003]",
                        "Node 4 (localhost:9003): Peers (3): [localhost:9000 localhost:9001 localhost:9002]",
                        "Node 5 (localhost:9004): not running",
                        "Discovery (port 8000): registered (4): localhost:9000 localhost:9001 localhost:9002"
                                + " localhost:9003");
        assertThat(tool.run("peers", "5").exit()).isEqualTo(1);
        tool.cluster.stopDiscovery();
        assertThat(tool.run("peers").lines()).last().isEqualTo("Discovery (port 8000): not reachable");
    }

    @Test
    void consistentNodes() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.applied(3, 1).stop(4);

        ToolRunner.Result consistency = tool.run("consistency");

        assertThat(consistency.exit()).isZero();
        assertThat(consistency.lines())
                .containsExactly(
                        "Checking counter consistency",
                        "  Node 4: not running (skipped)",
                        "  Node 1: 1 (version 1)",
                        "  Node 2: 1 (version 1)",
                        "  Node 3: 1 (version 1)",
                        "  Node 5: 1 (version 1)",
                        "✓ All nodes are consistent: value 1 (version 1), digest 0000000000000001");
    }

    /**
     * Issue 10: {@code partition 1,2 3,4,5} and one increment on each side. Every node shows value
     * 1 (version 1), but the sides hold different writes: not consistent, and the digests say why.
     */
    @Test
    void oneValueAndVersionOnTwoSidesOfAPartitionIsNotConsistent() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.gossipDelay = 60_000;
        tool.cluster.appliedWithin(List.of(1, 2), 1, 1).appliedWithin(List.of(3, 4, 5), 4, 1);

        ToolRunner.Result consistency = tool.run("consistency");

        assertThat(consistency.exit()).isEqualTo(1);
        assertThat(consistency.lines())
                .containsExactly(
                        "Checking counter consistency",
                        "  Node 1: 1 (version 1)",
                        "  Node 2: 1 (version 1)",
                        "  Node 3: 1 (version 1)",
                        "  Node 4: 1 (version 1)",
                        "  Node 5: 1 (version 1)",
                        "✗ Nodes are NOT consistent: every node shows value 1 (version 1), but their states differ:"
                                + " digest 0000000000000001 at nodes 1,2; digest 0000000000000002 at nodes 3,4,5",
                        "  Gossip may still be propagating; run this again in a few seconds.");
    }

    @Test
    void countersWithOneValueAndVersionButTwoStatesDiffer() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.gossipDelay = 60_000;
        tool.cluster.appliedWithin(List.of(1, 2), 1, -1).appliedWithin(List.of(3, 4, 5), 3, -1);

        ToolRunner.Result counter = tool.run("counter");

        assertThat(counter.exit()).isZero();
        assertThat(counter.lines())
                .contains("Node 1: Counter: -1 (version 1)", "Node 5: Counter: -1 (version 1)")
                .last()
                .isEqualTo("! Nodes differ (values -1..-1, versions 1..1; digest 0000000000000001 at nodes 1,2;"
                        + " digest 0000000000000002 at nodes 3,4,5); gossip may still be propagating");
    }

    @Test
    void inconsistentNodes() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.gossipDelay = 60_000;
        tool.cluster.applied(3, -1).applied(3, -1).applied(5, 1);

        ToolRunner.Result consistency = tool.run("consistency");

        assertThat(consistency.exit()).isEqualTo(1);
        assertThat(consistency.lines())
                .endsWith(
                        "✗ Nodes are NOT consistent: values range from -2 to 1 (spread 3), versions from 0 to 2",
                        "  Gossip may still be propagating; run this again in a few seconds.");
    }

    @Test
    void noRunningNode() {
        ToolRunner tool = new ToolRunner(dir);
        for (int node = 1; node <= 5; node++) {
            tool.cluster.stop(node);
        }

        ToolRunner.Result consistency = tool.run("consistency");

        assertThat(consistency.exit()).isEqualTo(1);
        assertThat(consistency.lines()).last().isEqualTo("✗ No node is running");
    }

    @Test
    void badNodeNumbersAreUsageErrors() {
        ToolRunner tool = new ToolRunner(dir);

        for (String bad : new String[] {"0", "6", "x", "-1", "1.5"}) {
            ToolRunner.Result counter = tool.run("counter", "--", bad);
            assertThat(counter.exit()).as("counter %s", bad).isEqualTo(2);
            assertThat(counter.err()).isEqualTo("✗ Invalid node number '" + bad + "': expected 1..5\n");
            assertThat(counter.out()).isEmpty();
        }
        assertThat(tool.run("peers", "07").exit())
                .as("a leading zero is still node 7")
                .isEqualTo(2);
        assertThat(tool.sessionsOpened()).as("nothing was asked of the cluster").isZero();
        assertThat(tool.run("peers", "05").lines()).first().asString().startsWith("Node 5 (localhost:9004): Peers");
    }
}

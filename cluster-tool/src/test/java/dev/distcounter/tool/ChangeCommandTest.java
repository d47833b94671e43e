package dev.distcounter.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.tool.FakeCluster.Answer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code change increment|decrement [N]}: what the node answered, and whether the write counts. */
class ChangeCommandTest {
    @TempDir
    Path dir;

    @Test
    void anAppliedWriteIsTheNodesOwnLine() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.applied(2, 4);

        ToolRunner.Result inc = tool.run("change", "increment", "2");

        assertThat(inc.exit()).isZero();
        assertThat(inc.lines())
                .containsExactly(
                        "Incrementing counter on node 2 (http://127.0.0.1:8011) ...",
                        "Node 2: Counter incremented to 5 (version 5)");
    }

    @Test
    void withoutANodeARandomRunningOneIsPicked() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stop(1).stop(2).stop(4).stop(5);

        ToolRunner.Result dec = tool.run("change", "decrement");

        assertThat(dec.exit()).isZero();
        assertThat(dec.lines())
                .containsExactly(
                        "Decrementing counter on node 3 (http://127.0.0.1:8012) ...",
                        "Node 3: Counter decremented to -1 (version 1)");
    }

    @Test
    void anUnknownOutcomeMayHaveCounted() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.answer(4, Answer.UNKNOWN_BUT_APPLIED);

        ToolRunner.Result inc = tool.run("change", "increment", "4");

        assertThat(inc.exit()).isEqualTo(1);
        assertThat(inc.lines())
                .last()
                .isEqualTo("✗ Node 4: HTTP 503, outcome unknown (the operation may or may not count): outcome unknown");
    }

    @Test
    void theOutcomeFieldNotTheStatusSaysA503WasNotCounted() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.answer(4, Answer.NOT_COUNTED);

        ToolRunner.Result inc = tool.run("change", "increment", "4");

        assertThat(inc.exit()).isEqualTo(1);
        assertThat(inc.lines()).last().isEqualTo("✗ Node 4: HTTP 503, refused: not counted: the log failed");
        assertThat(tool.cluster.stateAt(4).version()).isZero();
    }

    @Test
    void aStoppedNodeIsTriedAnyway() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stop(2);

        ToolRunner.Result dec = tool.run("change", "decrement", "2");

        assertThat(dec.exit()).isEqualTo(1);
        assertThat(dec.lines())
                .containsExactly(
                        "! Node 2 is not running (no live process in " + dir.resolve("logs/node-2.pid")
                                + "); trying anyway",
                        "Decrementing counter on node 2 (http://127.0.0.1:8011) ...",
                        "✗ Node 2: no answer (connection refused); not counted");
    }

    @Test
    void badArgumentsExitTwo() {
        ToolRunner tool = new ToolRunner(dir);

        ToolRunner.Result sideways = tool.run("change", "sideways");
        assertThat(sideways.exit()).isEqualTo(2);
        assertThat(sideways.err()).startsWith("✗ Invalid value for positional parameter at index 0");

        ToolRunner.Result node = tool.run("change", "increment", "9");
        assertThat(node.exit()).isEqualTo(2);
        assertThat(node.err()).isEqualTo("✗ Invalid node number '9': expected 1..5\n");
        assertThat(tool.sessionsOpened()).as("nothing was asked of the cluster").isZero();
    }
}

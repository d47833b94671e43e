package dev.distcounter.tool.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.tool.ToolRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code await-formation} on a fake cluster whose clock moves only when the tool waits. */
class AwaitFormationCommandTest {
    @TempDir
    Path dir;

    @Test
    void waitsUntilEveryNodeListsEveryOtherAndSaysHowLong() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.knownAfter(5, 2_500);

        ToolRunner.Result result = tool.run("await-formation");

        assertThat(result.exit()).isZero();
        assertThat(result.lines())
                .containsExactly(
                        "Waiting for every node to list the other 4 (up to 30s) ...",
                        "✓ Cluster formed in 2.5s: every node lists the other 4");
    }

    @Test
    void aStoppedNodeIsNotWaitedFor() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stop(2);

        ToolRunner.Result result = tool.run("await-formation");

        assertThat(result.exit()).isZero();
        assertThat(result.lines())
                .last()
                .asString()
                .startsWith("✓ Cluster formed in 0.0s: every node lists the other 3");
    }

    @Test
    void givesUpAtTheTimeoutNamingWhatIsMissing() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.knownAfter(4, 60_000);

        ToolRunner.Result result = tool.run("await-formation", "--timeout=5");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.lines())
                .last()
                .isEqualTo("✗ The cluster did not form within 5s: node 1 does not list 4; node 2 does not list 4;"
                        + " node 3 does not list 4; node 5 does not list 4");
    }

    @Test
    void noRunningNodeIsTheUsualFailure() {
        ToolRunner tool = new ToolRunner(dir);
        for (int node = 1; node <= 5; node++) {
            tool.cluster.stop(node);
        }

        ToolRunner.Result result = tool.run("await-formation");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out() + result.err()).contains("No node is running");
    }
}

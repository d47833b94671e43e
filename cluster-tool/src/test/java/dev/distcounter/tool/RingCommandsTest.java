package dev.distcounter.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leave N} and {@code remove N}: whom they ask, and what they say. */
class RingCommandsTest {
    @TempDir
    Path dir;

    @Test
    void leaveAsksTheNodeAndReportsItsHandover() {
        ToolRunner tool = new ToolRunner(dir);

        ToolRunner.Result leave = tool.run("leave", "4");

        assertThat(leave.exit()).isZero();
        assertThat(leave.lines())
                .containsExactly(
                        "Node 4 (localhost:9003) leaves the ring: handing its keys to the new owners (up to a minute)",
                        "✓ Node 4 left the ring: 812 key(s) handed over, 0 failed; it is stopping");
        assertThat(tool.cluster.ring.requests).containsExactly("leave 4");
    }

    @Test
    void aLeaveThatRanOutOfTimeIsAWarningAndARefusalAFailure() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.ring.leaveAnswer =
                FakeRing.answer(202, "{\"handedOver\":5,\"failed\":1,\"pending\":7,\"settled\":false}");
        ToolRunner.Result late = tool.run("leave", "2");
        assertThat(late.exit()).isZero();
        assertThat(late.lines().get(1))
                .isEqualTo("! Node 2 left the ring: 5 key(s) handed over, 1 failed, 7 unacknowledged when its wait ran"
                        + " out (read repair will bring those); it is stopping");

        tool.cluster.ring.leaveAnswer = FakeRing.answer(401, "{\"error\":\"admin endpoints need the admin token\"}");
        ToolRunner.Result refused = tool.run("leave", "2");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.lines().get(1))
                .isEqualTo("✗ Node 2 did not leave: HTTP 401: admin endpoints need the admin token");
    }

    @Test
    void leaveNeedsARunningNode() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stop(4);

        ToolRunner.Result leave = tool.run("leave", "4");

        assertThat(leave.exit()).isEqualTo(1);
        assertThat(leave.err()).contains("Node 4 is not running");
        assertThat(tool.cluster.ring.requests).isEmpty();
    }

    @Test
    void removeGoesThroughTheFirstRunningNodeAndOnlyForAStoppedOne() {
        ToolRunner tool = new ToolRunner(dir);
        ToolRunner.Result running = tool.run("remove", "5");
        assertThat(running.exit()).isEqualTo(1);
        assertThat(running.err())
                .contains("Node 5 is still running: stop or kill it first (./run-cluster.sh kill 5), or let it leave"
                        + " (./run-cluster.sh leave 5)");
        assertThat(tool.cluster.ring.requests).isEmpty();

        tool.cluster.stop(1);
        tool.cluster.stop(5);
        ToolRunner.Result removed = tool.run("remove", "5");
        assertThat(removed.exit()).isZero();
        assertThat(removed.lines())
                .containsExactly("✓ Node 5 (localhost:9004) removed from the ring through node 2; the survivors"
                        + " rebuild its ranges from the other replicas");
        assertThat(tool.cluster.ring.requests).containsExactly("remove localhost:9004 through 2");

        tool.cluster.ring.removeAnswer = FakeRing.answer(404, "{\"error\":\"localhost:9004 is not a member\"}");
        ToolRunner.Result unknown = tool.run("remove", "5");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.lines())
                .containsExactly("✗ Node 2 did not remove node 5 (localhost:9004): HTTP 404: localhost:9004 is not a"
                        + " member");
    }
}

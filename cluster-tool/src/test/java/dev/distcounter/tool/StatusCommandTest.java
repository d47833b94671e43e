package dev.distcounter.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
    @TempDir
    Path dir;

    @Test
    void everyRunningNodeWithItsCounterPeersAndLeader() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.applied(2, 1).applied(4, 1);

        ToolRunner.Result status = tool.run("status");

        assertThat(status.exit()).isZero();
        assertThat(status.lines())
                .containsExactly(
                        "Cluster status (" + dir + ")",
                        "Discovery: running  PID 100  port 8000  registered peers (5): localhost:9000 localhost:9001"
                                + " localhost:9002 localhost:9003 localhost:9004",
                        "Node 1: running  PID 1000  TCP 9000  HTTP 8010  counter 2 (version 2)  peers 4",
                        "        leader node 5 (localhost:9004), term 1; members 4: 4 alive, 0 suspect, 0 dead",
                        "Node 2: running  PID 1001  TCP 9001  HTTP 8011  counter 2 (version 2)  peers 4",
                        "        leader node 5 (localhost:9004), term 1; members 4: 4 alive, 0 suspect, 0 dead",
                        "Node 3: running  PID 1002  TCP 9002  HTTP 8012  counter 2 (version 2)  peers 4",
                        "        leader node 5 (localhost:9004), term 1; members 4: 4 alive, 0 suspect, 0 dead",
                        "Node 4: running  PID 1003  TCP 9003  HTTP 8013  counter 2 (version 2)  peers 4",
                        "        leader node 5 (localhost:9004), term 1; members 4: 4 alive, 0 suspect, 0 dead",
                        "Node 5: running  PID 1004  TCP 9004  HTTP 8014  counter 2 (version 2)  peers 4",
                        "        leader node 5 (localhost:9004), term 1; members 4: 4 alive, 0 suspect, 0 dead",
                        "5/5 nodes running",
                        "Leader: all 5 running nodes agree on node 5 (localhost:9004)");
    }

    @Test
    void stoppedProcessesAndAViewOfADeadLeader() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.stopDiscovery().stop(5);
        for (int node = 1; node <= 4; node++) {
            tool.cluster.leaderSeenBy(node, "localhost:9004");
        }

        ToolRunner.Result status = tool.run("status");

        assertThat(status.exit()).isZero();
        assertThat(status.lines())
                .contains(
                        "Discovery: stopped  port 8000",
                        "        leader node 5 (localhost:9004), term 1; members 4: 3 alive, 0 suspect, 1 dead",
                        "Node 5: stopped  TCP 9004  HTTP 8014",
                        "4/5 nodes running")
                .last()
                .isEqualTo("Leader: all 4 running nodes agree on node 5 (localhost:9004) (but node 5 is not running:"
                        + " their views are out of date)");
    }

    @Test
    void twoLeadersDuringAPartition() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.leaderSeenBy(1, "localhost:9001").leaderSeenBy(2, "localhost:9001");

        assertThat(tool.run("status").lines())
                .last()
                .isEqualTo("Leader: the running nodes do NOT agree: node 2 (localhost:9001) for nodes 1,2;"
                        + " node 5 (localhost:9004) for nodes 3,4,5");
    }

    @Test
    void noLeaderYet() {
        ToolRunner tool = new ToolRunner(dir);
        for (int node = 1; node <= 5; node++) {
            tool.cluster.leaderSeenBy(node, "");
        }

        ToolRunner.Result status = tool.run("status");

        assertThat(status.lines()).contains("        leader none, term 1; members 4: 4 alive, 0 suspect, 0 dead");
        assertThat(status.lines())
                .last()
                .isEqualTo("Leader: none elected yet (an election runs two heartbeats after start)");
    }

    @Test
    void aViewThatCannotBeReadAndALeaderFromOutsideTheCluster() {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.noClusterView(1).stop(5);
        for (int node = 2; node <= 4; node++) {
            tool.cluster.leaderSeenBy(node, "localhost:9999");
        }

        ToolRunner.Result status = tool.run("status");

        assertThat(status.lines())
                .contains("        cluster view unavailable (GET /cluster: HTTP 404)")
                .last()
                .isEqualTo(
                        "Leader: the running nodes do NOT agree: unknown for nodes 1; localhost:9999 for nodes 2,3,4");
    }

    @Test
    void coloursOnlyWhenTheScriptAsksForThem() {
        ToolRunner tool = new ToolRunner(dir);

        assertThat(tool.run("status").out()).doesNotContain("\033[");
        assertThat(tool.run("--color=always", "status").out()).contains("Node 1: \033[0;32mrunning\033[0m  PID 1000");
    }

    @Test
    void withoutTheLayoutTheClusterCommandsRefuseToGuess() {
        ToolRunner.Result result = ClusterToolMainRun.run("status");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("missing --nodes, --discovery-port").contains("run-cluster.sh");
    }
}

package dev.distcounter.tool;

import dev.distcounter.tool.cluster.ClusterLayout;
import dev.distcounter.tool.cluster.NodeProcesses;
import dev.distcounter.tool.cluster.RunningProcesses;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.ClusterApi;
import dev.distcounter.tool.time.TimeSource;
import java.util.Random;

/**
 * One run of a cluster command: the cluster it acts on and everything it acts through, so
 * tests can put a fake cluster, a fake clock and a seeded generator in their place.
 *
 * @param scriptName how messages name run-cluster.sh ("start the cluster with: ./run-cluster.sh start")
 * @param random     for choices nobody asked to repeat (a random node, the quick check's order)
 */
public record ClusterSession(
        ClusterLayout layout,
        String scriptName,
        Terminal terminal,
        ClusterApi api,
        NodeProcesses processes,
        TimeSource time,
        Random random) {
    /** The running processes; none running is the script's usual failure, exit 1. */
    public RunningProcesses requireRunningNodes() {
        RunningProcesses running = processes.running();
        if (running.nodes().isEmpty()) {
            throw new CommandFailure("No node is running; start the cluster with: " + scriptName + " start");
        }
        return running;
    }
}

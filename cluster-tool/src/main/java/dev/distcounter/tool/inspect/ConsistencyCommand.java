package dev.distcounter.tool.inspect;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.cluster.RunningProcesses;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.convergence.Snapshot;
import dev.distcounter.tool.convergence.Snapshots;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code consistency}: do all running nodes show the same value and version? Exit 1 if not. */
@Command(name = "consistency", description = "Whether every running node shows the same value and version.")
public final class ConsistencyCommand implements Callable<Integer> {
    @ParentCommand
    ClusterToolCommand tool;

    @Override
    public Integer call() {
        ClusterSession session = tool.session();
        Terminal t = session.terminal();
        t.header("Checking counter consistency");
        RunningProcesses running = session.processes().running();
        for (int node : session.layout().allNodes()) {
            if (!running.runs(node)) {
                t.line("  Node " + node + ": " + t.yellow("not running (skipped)"));
            }
        }
        Snapshot snapshot = new Snapshots(session).take(running.nodeNumbers());
        if (snapshot.readings().isEmpty()) {
            t.fail("No node is running");
            return 1;
        }
        snapshot.print(t);
        if (!snapshot.complete()) {
            t.fail("Could not read the counter of every running node; consistency unknown");
            return 1;
        }
        if (snapshot.agrees()) {
            t.ok("All nodes are consistent: value " + snapshot.agreed().value() + " (version "
                    + snapshot.agreed().version() + ")");
            return 0;
        }
        long min = snapshot.minValue().orElseThrow();
        long max = snapshot.maxValue().orElseThrow();
        t.fail("Nodes are NOT consistent: values range from " + min + " to " + max + " (spread " + (max - min)
                + "), versions from " + snapshot.minVersion().orElseThrow() + " to "
                + snapshot.maxVersion().orElseThrow());
        t.line("  Gossip may still be propagating; run this again in a few seconds.");
        return 1;
    }
}

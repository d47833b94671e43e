package dev.distcounter.tool.fault;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.cluster.RunningProcesses;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.ChaosChange;
import dev.distcounter.tool.http.ChaosState;
import dev.distcounter.tool.http.Reply;
import java.util.List;

/**
 * Faults injected through the nodes' {@code POST /admin/chaos}, for the fault commands and for
 * the simulation (which asks for no line per node).
 */
public final class FaultControl {
    private final ClusterSession session;
    private final boolean quiet;

    public FaultControl(ClusterSession session, boolean quiet) {
        this.session = session;
        this.quiet = quiet;
    }

    /** How many running nodes were told to heal, and how many could not be. */
    public record Healed(int told, int failed) {}

    /**
     * Tells every listed node to block the listed nodes of the other groups; drop and delay stay.
     *
     * @return how many listed nodes could not be told
     */
    public int partition(Groups groups, RunningProcesses running) {
        Terminal t = session.terminal();
        int failed = 0;
        for (int node : groups.nodes()) {
            List<Integer> blocked = groups.cutOffFrom(node);
            String names =
                    String.join(",", blocked.stream().map(String::valueOf).toList());
            if (!running.runs(node)) {
                failed++;
                say(() -> t.fail("Node " + node + ": not running; not told to block nodes " + names));
                continue;
            }
            Reply<ChaosState> reply = session.api()
                    .setChaos(
                            node,
                            ChaosChange.block(blocked.stream()
                                    .map(session.layout()::address)
                                    .toList()));
            if (reply.ok()) {
                say(() ->
                        t.ok("Node " + node + " (" + session.layout().address(node) + "): now blocks nodes " + names));
            } else {
                failed++;
                say(() -> t.fail(
                        "Node " + node + ": could not be told to block nodes " + names + ": " + reply.describe()));
            }
        }
        return failed;
    }

    /** Clears drop, delay and blocked peers on every running node. */
    public Healed heal(RunningProcesses running) {
        Terminal t = session.terminal();
        int told = 0;
        int failed = 0;
        for (int node : session.layout().allNodes()) {
            if (!running.runs(node)) {
                say(() -> t.line("  Node " + node + ": " + t.yellow("not running (skipped)")));
                continue;
            }
            Reply<ChaosState> reply = session.api().setChaos(node, ChaosChange.HEAL);
            if (reply.ok()) {
                told++;
                say(() -> t.ok("Node " + node + ": every injected fault cleared"));
            } else {
                failed++;
                say(() -> t.fail("Node " + node + ": could not clear its faults: " + reply.describe()));
            }
        }
        return new Healed(told, failed);
    }

    /**
     * Sends {@code change} to each node.
     *
     * @return how many could not be told
     */
    public int chaos(ChaosChange change, List<Integer> nodes) {
        Terminal t = session.terminal();
        int failed = 0;
        for (int node : nodes) {
            Reply<ChaosState> reply = session.api().setChaos(node, change);
            if (reply.ok()) {
                say(() -> t.ok("Node " + node + ": " + reply.body().line()));
            } else {
                failed++;
                say(() -> t.fail("Node " + node + ": " + reply.describe()));
            }
        }
        return failed;
    }

    private void say(Runnable line) {
        if (!quiet) {
            line.run();
        }
    }
}

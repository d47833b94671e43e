package dev.distcounter.tool.simulation;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.cluster.ClusterLayout;
import dev.distcounter.tool.cluster.ProcessControlException;
import dev.distcounter.tool.cluster.RunningProcesses;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.fault.FaultControl;
import dev.distcounter.tool.fault.Groups;
import dev.distcounter.tool.http.ChaosChange;
import java.math.BigDecimal;
import java.util.List;

/**
 * Starts and ends the simulation's faults, one at a time, and records each in the history. A
 * kill and a restart are the script's work ({@link dev.distcounter.tool.cluster.NodeProcesses});
 * partitions and frame loss are {@code POST /admin/chaos}.
 */
final class FaultInjector {
    /** The share of outbound frames every node drops during a chaos fault. */
    static final BigDecimal CHAOS_DROP = new BigDecimal("0.3");

    private final ClusterSession session;
    private final SimulationHistory history;
    private final FaultControl control;
    private boolean lossPossible;

    FaultInjector(ClusterSession session, SimulationHistory history) {
        this.session = session;
        this.history = history;
        this.control = new FaultControl(session, true);
    }

    /** A fault in place, with the words the progress line shows for it. */
    record ActiveFault(PlannedFault plan, String description) {}

    /**
     * True once a node without a WAL was killed: operations it acknowledged and had not gossiped
     * yet are gone, so the final value may fall below the expected range.
     */
    boolean lossPossible() {
        return lossPossible;
    }

    /** Starts {@code plan}; null when it could not be (the node to kill was already gone). */
    ActiveFault start(PlannedFault plan, RunningProcesses running) {
        Terminal t = session.terminal();
        ClusterLayout layout = session.layout();
        if (plan instanceof PlannedFault.Kill kill) {
            long pid;
            try {
                pid = session.processes().kill(kill.node());
            } catch (ProcessControlException e) {
                t.warn("fault: could not SIGKILL node " + kill.node());
                return null;
            }
            if (!layout.durable(kill.node())) {
                lossPossible = true;
            }
            history.fault(
                    "kill", "node " + kill.node() + " (" + layout.address(kill.node()) + ", PID " + pid + ") SIGKILL");
            t.warn("fault: SIGKILL node " + kill.node() + " (PID " + pid + ")");
            return new ActiveFault(plan, "node " + kill.node() + " killed");
        }
        if (plan instanceof PlannedFault.Partition cut) {
            String left = commas(cut.left());
            String right = commas(cut.right());
            int failed = control.partition(Groups.of(List.of(cut.left(), cut.right())), running);
            history.fault("partition", left + " " + right);
            t.warn("fault: partition " + left + " | " + right + notTold(failed));
            return new ActiveFault(plan, "partition " + left + " | " + right);
        }
        PlannedFault.Chaos chaos = (PlannedFault.Chaos) plan;
        int failed = control.chaos(ChaosChange.drop(CHAOS_DROP, null), chaos.nodes());
        history.fault("chaos", "drop " + CHAOS_DROP + " on nodes " + commas(chaos.nodes()));
        t.warn("fault: drop " + CHAOS_DROP + " on nodes " + spaces(chaos.nodes()) + notTold(failed));
        return new ActiveFault(plan, "chaos drop " + CHAOS_DROP);
    }

    /** Ends a fault: the killed node is started again, anything else is healed. */
    void end(ActiveFault fault) {
        if (fault.plan() instanceof PlannedFault.Kill kill) {
            if (!session.processes().running().runs(kill.node()) && !restart(kill.node())) {
                session.terminal().warn("fault: node " + kill.node() + " did not come back; trying again at the end");
            }
            return;
        }
        FaultControl.Healed healed = control.heal(session.processes().running());
        String kind = fault.plan().kind().word();
        history.fault("heal", kind + " ended: cleared every injected fault on " + healed.told() + " node(s)");
        session.terminal().info("fault ended: " + kind + " healed");
    }

    /**
     * The end of the schedule: ends the active fault (if any), heals every node and starts every
     * node of the simulation that is down.
     */
    void finish(ActiveFault active, List<Integer> simulated) {
        Terminal t = session.terminal();
        t.info("Ending the fault schedule: healing every node and restarting any node that is down ...");
        if (active != null) {
            end(active);
        }
        FaultControl.Healed healed = control.heal(session.processes().running());
        history.fault("heal", "final heal: cleared every injected fault on " + healed.told() + " node(s)");
        if (healed.failed() > 0) {
            t.warn(healed.failed() + " node(s) could not be healed");
        }
        RunningProcesses running = session.processes().running();
        for (int node : simulated) {
            if (!running.runs(node)) {
                restart(node);
            }
        }
    }

    /** Has the script start the node again; records the restart when it answers. */
    private boolean restart(int node) {
        if (!session.processes().launch(node)) {
            return false;
        }
        String pid = session.processes().running().pid(node).stream()
                .mapToObj(Long::toString)
                .findFirst()
                .orElse("?");
        history.fault("restart", "node " + node + " (" + session.layout().address(node) + ", PID " + pid + ")");
        return true;
    }

    private static String notTold(int failed) {
        return failed > 0 ? " (" + failed + " node(s) not told)" : "";
    }

    private static String commas(List<Integer> nodes) {
        return String.join(",", nodes.stream().map(String::valueOf).toList());
    }

    private static String spaces(List<Integer> nodes) {
        return String.join(" ", nodes.stream().map(String::valueOf).toList());
    }
}

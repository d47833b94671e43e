package dev.distcounter.tool.simulation;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.cluster.ClusterLayout;
import dev.distcounter.tool.cluster.ProcessControlException;
import dev.distcounter.tool.cluster.RunningProcesses;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.fault.FaultControl;
import dev.distcounter.tool.fault.Groups;
import dev.distcounter.tool.http.ChaosChange;
import dev.distcounter.tool.time.Seconds;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Starts and ends the simulation's faults, one at a time, and records each in the history. A
 * kill, a pause and a restart are the script's work ({@link dev.distcounter.tool.cluster.NodeProcesses});
 * partitions and frame loss are {@code POST /admin/chaos}. A paused node is always resumed: when its
 * fault ends, at the end of the schedule, and by {@link #resumePaused()} on any way out, because a
 * stopped JVM left behind would hang the cluster.
 */
final class FaultInjector {
    /** The share of outbound frames every node drops during a chaos fault. */
    static final BigDecimal CHAOS_DROP = new BigDecimal("0.3");

    private final ClusterSession session;
    private final SimulationHistory history;
    private final FaultControl control;
    private final Set<Integer> paused = new TreeSet<>();
    private boolean lossPossible;

    FaultInjector(ClusterSession session, SimulationHistory history) {
        this.session = session;
        this.history = history;
        this.control = new FaultControl(session, true);
    }

    /** A fault in place since {@code startMillis}, with the words the progress line shows for it. */
    record ActiveFault(PlannedFault plan, String description, long startMillis) {
        ActiveFault(PlannedFault plan, String description) {
            this(plan, description, 0);
        }

        /** Whether it ends at the start of {@code cycle}: a pause also waits out its duration. */
        boolean over(int cycle, long nowMillis) {
            if (cycle < plan.endCycle()) {
                return false;
            }
            return !(plan instanceof PlannedFault.Pause pause) || nowMillis - startMillis >= pause.millis();
        }
    }

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
        if (plan instanceof PlannedFault.Pause pause) {
            return pause(pause);
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

    private ActiveFault pause(PlannedFault.Pause pause) {
        Terminal t = session.terminal();
        int node = pause.node();
        long pid;
        try {
            pid = session.processes().pause(node);
        } catch (ProcessControlException e) {
            t.warn("fault: could not SIGSTOP node " + node);
            return null;
        }
        paused.add(node);
        String seconds = Seconds.of(pause.millis());
        history.fault(
                "pause",
                "node " + node + " (" + session.layout().address(node) + ", PID " + pid + ") SIGSTOP for " + seconds
                        + "s");
        t.warn("fault: SIGSTOP node " + node + " (PID " + pid + ") for " + seconds + "s");
        return new ActiveFault(pause, "node " + node + " paused", session.time().millis());
    }

    /** SIGCONTs every node this injector paused and has not resumed yet; safe to call on any way out. */
    void resumePaused() {
        for (int node : List.copyOf(paused)) {
            resume(node);
        }
    }

    private void resume(int node) {
        paused.remove(node);
        if (session.processes().resume(node)) {
            history.fault("resume", "node " + node + " (" + session.layout().address(node) + ") SIGCONT");
            session.terminal().info("fault ended: node " + node + " resumed (SIGCONT)");
        } else {
            session.terminal().warn("fault: node " + node + " was gone when it was to be resumed");
        }
    }

    /** Ends a fault: the killed node is started again, the paused one resumed, anything else healed. */
    void end(ActiveFault fault) {
        if (fault.plan() instanceof PlannedFault.Pause pause) {
            resume(pause.node());
            return;
        }
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
        resumePaused();
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

package dev.distcounter.tool.simulation;

import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.cluster.RunningProcesses;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.convergence.Snapshot;
import dev.distcounter.tool.convergence.Snapshots;
import dev.distcounter.tool.http.Change;
import dev.distcounter.tool.http.CounterState;
import dev.distcounter.tool.http.WriteResult;
import dev.distcounter.tool.write.OperationTally;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The simulation: from a converged baseline, {@code opsPerCycle} random increments and decrements
 * on random running nodes every interval, with an optional schedule of faults; then convergence
 * and the history check ({@link SimulationEnd}). One seed draws both the faults and the
 * operations, on separate generators, so the same seed gives the same schedule.
 */
final class Simulation {
    private final ClusterSession session;
    private final SimulationConfig config;
    private final Terminal t;
    private final Snapshots snapshots;

    Simulation(ClusterSession session, SimulationConfig config) {
        this.session = session;
        this.config = config;
        this.t = session.terminal();
        this.snapshots = new Snapshots(session);
    }

    /** Runs it; 0 when the cluster converged to a possible value and the history is VALID. */
    int run() throws InterruptedException {
        t.header("Simulation: " + config.durationSeconds() + "s, " + config.opsPerCycle()
                + " random operation(s) every " + config.intervalText() + "s");
        if (config.withFaults()) {
            t.info("Faults: "
                    + String.join(
                            ",", config.faults().stream().map(FaultKind::word).toList())
                    + ", at most one at a time; seed " + config.seed() + " (repeat with --seed " + config.seed() + ")");
        } else if (config.seedGiven()) {
            t.info("Seed: " + config.seed());
        }
        if (config.workload().keys()) {
            t.info("Workload: " + config.workload().word() + "; keys sim-" + config.seed() + "-k0 to k"
                    + (KeyWorkload.KEYS - 1) + ", N=" + KeyWorkload.N + " R=" + KeyWorkload.R + " W=" + KeyWorkload.W);
        }
        session.requireRunningNodes();
        SimulationHistory history = SimulationHistory.create(session.layout(), session.time());
        Thread keepHistory = history.writeOnExit();
        try {
            return simulate(history);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(keepHistory);
            } catch (IllegalStateException e) {
                // already shutting down: the hook writes the history
            }
        }
    }

    private int simulate(SimulationHistory history) throws InterruptedException {
        t.info("Waiting for a consistent baseline (up to " + SimulationConfig.BASELINE_SECONDS + "s) ...");
        Snapshots.Wait baseline = snapshots.converged(SimulationConfig.BASELINE_SECONDS * 1000L);
        if (!baseline.met()) {
            baseline.last().print(t);
            t.fail("The nodes did not agree before the simulation; cannot establish a baseline (see: "
                    + session.scriptName() + " consistency)");
            return 1;
        }
        history.baseline(baseline.last());
        CounterState base = baseline.last().agreed();
        t.line("  Baseline: " + base.value() + " (version " + base.version() + ") on "
                + baseline.last().readings().size() + " node(s)");
        // The nodes that take part: every one of them must run again at the end.
        List<Integer> simulated = baseline.last().nodes();

        Random seeds = new Random(config.seed());
        FaultSchedule schedule = new FaultSchedule(config.faults(), new Random(seeds.nextLong()));
        Random operations = new Random(seeds.nextLong());
        // Drawn after the others, so a seed's counter schedule is the same with any workload.
        KeyWorkload keys = config.workload().keys()
                ? new KeyWorkload(session, history, new Random(seeds.nextLong()), config.seed())
                : null;
        int counterOps = config.workload().counter() ? config.opsPerCycle() : 0;
        FaultInjector injector = new FaultInjector(session, history);
        OperationTally tally = new OperationTally(base.value());
        FaultInjector.ActiveFault active = null;

        long start = session.time().millis();
        long end = start + config.durationSeconds() * 1000L;
        long next = start;
        long lastOp;
        ProgressLine progress = new ProgressLine(session.layout().allNodes(), start);
        try {
            for (int cycle = 0; ; ) {
                if (config.withFaults()) {
                    if (active != null) {
                        if (active.over(cycle, session.time().millis())) {
                            injector.end(active);
                            active = null;
                        }
                    } else {
                        RunningProcesses running = session.processes().running();
                        PlannedFault plan = schedule.maybeStart(cycle, running.nodeNumbers())
                                .orElse(null);
                        active = plan == null ? null : injector.start(plan, running);
                    }
                }
                cycle++;

                List<Integer> running = session.processes().running().nodeNumbers();
                for (int k = 0; k < counterOps && !running.isEmpty(); k++) {
                    int node = running.get(operations.nextInt(running.size()));
                    Change change = operations.nextBoolean() ? Change.INCREMENT : Change.DECREMENT;
                    write(node, change, tally, history);
                }
                if (keys != null) {
                    keys.cycle(running, config.opsPerCycle());
                }
                lastOp = session.time().millis();

                // After the last cycle go straight to the convergence wait, timed from the last operation.
                next += config.intervalMillis();
                if (next >= end) {
                    break;
                }
                long now = session.time().millis();
                if (now < next) {
                    session.time().sleep(next - now);
                }
                Snapshot snapshot = snapshots.take();
                history.reads(snapshot);
                String fault = config.withFaults() ? (active == null ? "none" : active.description()) : null;
                t.line(progress.next(session.time().millis(), snapshot, tally, fault));
            }

        } catch (RuntimeException | InterruptedException e) {
            injector.resumePaused(); // a stopped JVM left behind would hang the cluster
            throw e;
        }

        t.blank();
        t.info("Operations stopped: " + tally.sent() + " sent, " + tally.acked() + " acknowledged (+"
                + tally.ackedIncrements() + " / -" + tally.ackedDecrements() + "), " + tally.indeterminate()
                + " indeterminate (+" + tally.indeterminateIncrements() + " / -" + tally.indeterminateDecrements()
                + "), " + tally.refused() + " not counted");
        SimulationEnd ending = new SimulationEnd(session, config, snapshots, tally, history)
                .withKeys(keys == null ? null : new KeyFinals(session, keys, history));
        return config.withFaults() ? ending.afterFaults(injector, active, simulated) : ending.afterQuiet(lastOp);
    }

    private void write(int node, Change change, OperationTally tally, SimulationHistory history) {
        WriteResult result = session.api().write(node, change);
        tally.add(change, result.outcome());
        history.op(node, change, result);
        if (result.outcome() == WriteOutcome.APPLIED) {
            return;
        }
        String answer = "HTTP " + result.code() + (result.status() == 0 ? " (" + result.problem() + ")" : "");
        t.warn(change.word() + " on node " + node + ": " + answer + ", "
                + (result.outcome() == WriteOutcome.INDETERMINATE ? "outcome unknown" : "not counted"));
    }

    static String nodes(List<Integer> nodes) {
        return nodes.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }
}

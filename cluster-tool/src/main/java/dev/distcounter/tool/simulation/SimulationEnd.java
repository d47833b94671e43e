package dev.distcounter.tool.simulation;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.convergence.Snapshot;
import dev.distcounter.tool.convergence.Snapshots;
import dev.distcounter.tool.history.FileVerdict;
import dev.distcounter.tool.plot.HistoryPlot;
import dev.distcounter.tool.time.Seconds;
import dev.distcounter.tool.write.OperationTally;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulation's end: wait until the nodes agree, judge their value against the range the
 * operations allow, record the final states, write the history and check it. The exit code is 1
 * if they did not converge, if the value is impossible (unless a node without a WAL was killed:
 * then the history check decides), or if the history is INVALID; with faults also when the
 * checker gave no verdict.
 */
final class SimulationEnd {
    private final ClusterSession session;
    private final SimulationConfig config;
    private final Snapshots snapshots;
    private final OperationTally tally;
    private final SimulationHistory history;
    private final Terminal t;
    private KeyFinals keys;

    SimulationEnd(
            ClusterSession session,
            SimulationConfig config,
            Snapshots snapshots,
            OperationTally tally,
            SimulationHistory history) {
        this.session = session;
        this.config = config;
        this.snapshots = snapshots;
        this.tally = tally;
        this.history = history;
        this.t = session.terminal();
    }

    /** With a key workload: its final replica reads are recorded, and must be complete, before the check. */
    SimulationEnd withKeys(KeyFinals finals) {
        this.keys = finals;
        return this;
    }

    /** Heals, restarts every simulated node that is down, and waits for all of them to agree. */
    int afterFaults(FaultInjector injector, FaultInjector.ActiveFault active, List<Integer> simulated)
            throws InterruptedException {
        injector.finish(active, simulated);
        int timeout = SimulationConfig.FAULT_CONVERGE_SECONDS;
        t.info("Waiting up to " + timeout + "s for every node to converge ...");
        Snapshots.Wait wait = snapshots.until(
                s -> s.agrees() && missing(s, simulated).isEmpty(),
                session.time().millis(),
                timeout * 1000L);
        Snapshot last = wait.last();
        if (!wait.met()) {
            List<Integer> missing = missing(last, simulated);
            if (!missing.isEmpty()) {
                t.fail("NOT converged: node(s) " + Simulation.nodes(missing) + " could not be restarted");
            } else if (last.minValue().isPresent()) {
                t.fail("NOT converged " + timeout + "s after healing: values " + spread(last));
            } else {
                t.fail("NOT converged " + timeout + "s after healing: no node could be read");
            }
        }
        last.print(t);
        boolean wrong = false;
        if (wait.met()) {
            long value = last.agreed().value();
            if (tally.allows(value)) {
                t.ok("All " + last.readings().size() + " nodes converged to the expected value " + value + " in "
                        + Seconds.of(wait.waitedMillis()) + "s after healing (acknowledged ops give "
                        + tally.expected() + "; " + tally.indeterminate() + " indeterminate ops allow " + tally.range()
                        + ")");
            } else if (injector.lossPossible()) {
                t.warn("All " + last.readings().size() + " nodes converged to " + value + ", outside " + tally.range()
                        + ": a node without a WAL was killed, so acknowledged operations it had not gossiped yet"
                        + " may be lost; the history check decides");
            } else {
                t.fail("All nodes converged to " + value + " but expected " + tally.expected() + ", or a value in "
                        + tally.range() + " given the indeterminate operations");
                wrong = true;
            }
        }
        return finish(last, wait.met() && !wrong);
    }

    /** Without faults: waits up to {@link SimulationConfig#convergeSeconds()} after the last operation. */
    int afterQuiet(long lastOpMillis) throws InterruptedException {
        int timeout = config.convergeSeconds();
        if (tally.exact()) {
            t.info("Expected value: " + tally.expected() + " (baseline " + tally.baseline() + " + "
                    + tally.ackedIncrements() + " - " + tally.ackedDecrements() + "). Waiting up to " + timeout
                    + "s for convergence ...");
        } else {
            t.info("Expected value: " + tally.expected() + ", or anything in " + tally.range()
                    + " given the indeterminate operations. Waiting up to " + timeout + "s for convergence ...");
        }
        Snapshots.Wait wait = snapshots.until(Snapshot::agrees, lastOpMillis, timeout * 1000L);
        Snapshot last = wait.last();
        last.print(t);
        if (!wait.met()) {
            if (last.minValue().isPresent()) {
                t.fail("NOT converged " + timeout + "s after the last operation: values " + spread(last) + ", expected "
                        + tally.expected());
            } else {
                t.fail("NOT converged " + timeout + "s after the last operation: no node could be read (expected "
                        + tally.expected() + ")");
            }
            return finish(last, false);
        }
        long value = last.agreed().value();
        String after = Seconds.of(wait.waitedMillis());
        if (tally.allows(value)) {
            t.ok("All " + last.readings().size() + " nodes converged to the expected value " + value + " in " + after
                    + "s after the last operation "
                    + (tally.exact()
                            ? "(version " + last.agreed().version() + ")"
                            : "(acknowledged ops give " + tally.expected() + "; " + tally.indeterminate()
                                    + " indeterminate ops allow " + tally.range() + ")"));
            return finish(last, true);
        }
        if (tally.exact()) {
            t.fail("All nodes converged to " + value + " but expected " + tally.expected() + " (difference "
                    + (value - tally.expected()) + "; baseline " + tally.baseline() + ", +" + tally.ackedIncrements()
                    + " -" + tally.ackedDecrements() + " acknowledged)");
        } else {
            t.fail("All nodes converged to " + value + " but expected " + tally.expected() + ", or a value in "
                    + tally.range() + " given the indeterminate operations");
        }
        return finish(last, false);
    }

    /** Records the finals, writes the history, checks it; {@code ok} is the verdict so far. */
    private int finish(Snapshot last, boolean ok) throws InterruptedException {
        history.finals(last);
        if (keys != null) {
            t.blank();
            ok &= keys.record(session.processes().running().nodeNumbers());
        }
        t.blank();
        try {
            history.write();
        } catch (IOException e) {
            t.fail("Cannot write the history file " + history.file() + ": " + e.getMessage());
            return 1;
        }
        t.info("History: " + history.file() + " " + history.summary());
        t.info("Checking the history with " + dev.distcounter.checker.HistoryChecker.class.getName() + " ...");
        FileVerdict verdict = FileVerdict.within(history.file(), Duration.ofSeconds(SimulationConfig.CHECK_SECONDS));
        String report = verdict.result() != null ? verdict.result().report() : verdict.problem();
        report.lines().forEach(line -> t.line("  " + line));
        plot(verdict.valid() ? "VALID" : verdict.invalid() ? "INVALID" : "no verdict");
        if (verdict.valid()) {
            t.ok("History check: VALID (" + history.file() + ")");
            return ok ? 0 : 1;
        }
        if (verdict.invalid()) {
            t.fail("History check: INVALID (" + history.file() + ")");
            return 1;
        }
        t.warn("The history checker gave no verdict (" + verdict.problem()
                + "); run it by hand: java -jar cluster-tool.jar history-check " + history.file());
        if (config.withFaults()) {
            t.fail("Without the history check a simulation with faults has no verdict");
            return 1;
        }
        return ok ? 0 : 1;
    }

    /** Writes the run's picture beside its history; a plot that cannot be written costs a warning, not the verdict. */
    private void plot(String verdict) {
        try {
            t.info("Plot: " + HistoryPlot.writeBeside(history.file(), history.history(), verdict)
                    + " (value per node over time, faults shaded)");
        } catch (IOException | RuntimeException e) {
            t.warn("Could not write the plot beside " + history.file() + ": " + e.getMessage());
        }
    }

    private static List<Integer> missing(Snapshot snapshot, List<Integer> simulated) {
        List<Integer> missing = new ArrayList<>(simulated);
        missing.removeAll(snapshot.nodes());
        return missing;
    }

    /**
     * "3..5 (spread 2)"; when every node shows one value and version but their states differ,
     * "3..3 (spread 0); digest 1a2b... at nodes 1,2; digest 3c4d... at nodes 3,4,5".
     */
    private static String spread(Snapshot s) {
        long min = s.minValue().orElseThrow();
        long max = s.maxValue().orElseThrow();
        String digests = s.complete() && s.sameValueAndVersion() ? "; " + s.digestSplit() : "";
        return min + ".." + max + " (spread " + (max - min) + ")" + digests;
    }
}

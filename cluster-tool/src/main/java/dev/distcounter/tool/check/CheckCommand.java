package dev.distcounter.tool.check;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.convergence.Snapshots;
import dev.distcounter.tool.http.Change;
import dev.distcounter.tool.http.CounterState;
import dev.distcounter.tool.http.WriteResult;
import dev.distcounter.tool.time.Seconds;
import dev.distcounter.tool.write.OperationTally;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code check}: the quick functionality test. From a converged start, two increments and one
 * decrement on different running nodes, then every node must reach the value they give within
 * {@value #CONVERGE_SECONDS} s (a range when a write was indeterminate); exit 1 otherwise.
 */
@Command(name = "check", description = "Quick functionality test: 2 increments and 1 decrement, then convergence.")
public final class CheckCommand implements Callable<Integer> {
    static final int CONVERGE_SECONDS = 15;
    private static final List<Change> WRITES = List.of(Change.INCREMENT, Change.INCREMENT, Change.DECREMENT);

    @ParentCommand
    ClusterToolCommand tool;

    @Override
    public Integer call() throws InterruptedException {
        ClusterSession session = tool.session();
        Terminal t = session.terminal();
        t.header("Running a quick functionality test");
        List<Integer> running = session.requireRunningNodes().nodeNumbers();
        if (running.size() < 3) {
            t.warn("Only " + running.size() + " node(s) running; some operations will share a node");
        }
        Snapshots snapshots = new Snapshots(session);
        long timeout = CONVERGE_SECONDS * 1000L;
        t.info("Waiting for a consistent starting point (up to " + CONVERGE_SECONDS + "s) ...");
        Snapshots.Wait start = snapshots.converged(timeout);
        if (!start.met()) {
            start.last().print(t);
            t.fail("FAIL: the nodes did not agree before the test started");
            return 1;
        }
        CounterState base = start.last().agreed();
        t.line("  Starting value: " + base.value() + " (version " + base.version() + ") on "
                + start.last().readings().size() + " node(s)");

        List<Integer> order = new ArrayList<>(running);
        Collections.shuffle(order, session.random());
        OperationTally tally = new OperationTally(base.value());
        for (int k = 0; k < WRITES.size(); k++) {
            Change change = WRITES.get(k);
            int node = order.get(k % order.size());
            WriteResult result = session.api().write(node, change);
            tally.add(change, result.outcome());
            String said = switch (result.outcome()) {
                case APPLIED ->
                    result.hasState()
                            ? change.replyLine(
                                    result.reply().value(), result.reply().version())
                            : "HTTP 200, applied";
                case INDETERMINATE -> t.yellow("HTTP " + result.code() + ", outcome unknown");
                case NOT_APPLIED ->
                    t.red("HTTP " + result.code() + ", refused")
                            + (result.problem().isEmpty() ? "" : " " + result.problem());
            };
            t.line(String.format("  %-9s on node %s: %s", change.word(), node, said));
        }
        if (tally.exact()) {
            t.info("Expecting every node to reach " + tally.expected() + "; waiting up to " + CONVERGE_SECONDS
                    + "s ...");
        } else {
            t.info("Expecting every node to reach a value in " + tally.range() + " (" + tally.indeterminate()
                    + " indeterminate); waiting up to " + CONVERGE_SECONDS + "s ...");
        }

        Snapshots.Wait end = snapshots.until(
                s -> s.agrees() && tally.allows(s.agreed().value()),
                session.time().millis(),
                timeout);
        end.last().print(t);
        if (end.met()) {
            if (tally.acked() == WRITES.size()) {
                t.ok("PASS: all " + end.last().readings().size() + " nodes converged to " + tally.expected() + " in "
                        + Seconds.of(end.waitedMillis()) + "s");
                return 0;
            }
            t.warn("Only " + tally.acked() + " of " + WRITES.size() + " operations were acknowledged");
            t.fail("FAIL: the nodes agree on " + end.last().agreed().value() + ", but not every operation succeeded");
            return 1;
        }
        if (end.last().agrees()) {
            t.fail("FAIL: the nodes agree on " + end.last().agreed().value() + " but " + tally.expected()
                    + " was expected");
        } else {
            t.fail("FAIL: the nodes did not converge within " + CONVERGE_SECONDS + "s (expected " + tally.expected()
                    + ")");
        }
        return 1;
    }
}

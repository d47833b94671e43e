package dev.distcounter.checker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule 1: every state a client saw (an ok read, or the state an ok operation returned) lies
 * between what the node must already have held and what it could at most have heard of.
 *
 * <ul>
 *   <li><b>candidates</b>: ok and info operations invoked at or before the observation completed;
 *       an operation not yet sent cannot be visible anywhere.</li>
 *   <li><b>must</b>: ok operations at the same node, completed before the observation was
 *       invoked, but only on a durable node (a node without a write-ahead log may have restarted
 *       and not yet relearned them); plus, for an operation's own result, the operation itself.</li>
 *   <li>The history's initial state is a must on a durable node and a candidate elsewhere.</li>
 * </ul>
 * Times are whole milliseconds, so an operation that completed in the same millisecond the
 * observation was invoked may really have completed after it: "before" is strict here, while
 * "invoked at or before" for candidates is inclusive. Both choices can only widen the bounds,
 * so a tie never turns a correct execution INVALID.
 * Then value lies in [Σmust + Σ decrements of the rest, Σmust + Σ increments of the rest] and
 * version in [Σ|must|, Σ|must| + Σ|rest|]. As must ⊆ candidates, these simplify to
 * value ∈ [mustInc − candDec, candInc − mustDec] and version ∈ [mustInc + mustDec, candInc + candDec],
 * each term a prefix sum looked up by time.
 */
final class ObservedStateRule {
    private final History history;
    private final DeltaTimeline invoked;
    private final Map<String, DeltaTimeline> acknowledgedAtDurableNode = new HashMap<>();

    /** @throws ArithmeticException when the sums leave the 64-bit range */
    ObservedStateRule(History history) {
        this.history = history;
        List<Operation> mayBeApplied = new ArrayList<>();
        Map<String, List<Operation>> acknowledged = new HashMap<>();
        for (Operation op : history.ops()) {
            if (op.outcome() != Outcome.FAIL) {
                mayBeApplied.add(op);
            }
            if (op.outcome() == Outcome.OK && history.isDurable(op.node())) {
                acknowledged.computeIfAbsent(op.node(), n -> new ArrayList<>()).add(op);
            }
        }
        invoked = DeltaTimeline.of(mayBeApplied, Operation::invokeMillis);
        acknowledged.forEach(
                (node, ops) -> acknowledgedAtDurableNode.put(node, DeltaTimeline.of(ops, Operation::completeMillis)));
    }

    /** Checks every observation, reporting each one outside its bounds; returns how many were checked. */
    int check(Violations violations) {
        int checked = 0;
        for (Operation op : history.ops()) {
            if (op.observedState()) {
                checked++;
                Bounds b = bounds(op.node(), op.invokeMillis(), op.completeMillis(), op);
                String problem = b.problem(op.value(), op.version());
                if (problem != null) {
                    violations.add("ok op " + op.signedDelta() + " at node " + op.node() + " [invoke "
                            + op.invokeMillis() + ", complete " + op.completeMillis() + "] returned " + problem);
                }
            }
        }
        for (Read read : history.reads()) {
            if (read.outcome() == Outcome.OK) {
                checked++;
                Bounds b = bounds(read.node(), read.invokeMillis(), read.completeMillis(), null);
                String problem = b.problem(read.value(), read.version());
                if (problem != null) {
                    violations.add("read at node " + read.node() + " [invoke " + read.invokeMillis() + ", complete "
                            + read.completeMillis() + "] observed " + problem);
                }
            }
        }
        return checked;
    }

    /**
     * The bounds for an observation at {@code node} during [invoke, complete]; {@code self} is the
     * operation whose own result this is, or null for a read.
     */
    Bounds bounds(String node, long invoke, long complete, Operation self) {
        long candInc = invoked.incrementsUpTo(complete);
        long candDec = invoked.decrementsUpTo(complete);
        DeltaTimeline own = acknowledgedAtDurableNode.getOrDefault(node, DeltaTimeline.empty());
        // Strictly before the invoke (see class comment); this also never holds the operation itself.
        long mustInc = own.incrementsBefore(invoke);
        long mustDec = own.decrementsBefore(invoke);
        // An operation's result always includes itself.
        if (self != null) {
            mustInc = Math.addExact(mustInc, self.increment());
            mustDec = Math.addExact(mustDec, self.decrement());
        }
        // Every node held the initial state when recording began, but only a durable node is sure
        // to hold it still: one without a WAL restarts empty and relearns it piece by piece.
        long initialInc = (history.initial().version() + history.initial().value()) / 2;
        long initialDec = (history.initial().version() - history.initial().value()) / 2;
        if (history.isDurable(node)) {
            mustInc = Math.addExact(mustInc, initialInc);
            mustDec = Math.addExact(mustDec, initialDec);
        }
        candInc = Math.addExact(candInc, initialInc);
        candDec = Math.addExact(candDec, initialDec);
        return new Bounds(
                Math.subtractExact(mustInc, candDec),
                Math.subtractExact(candInc, mustDec),
                Math.addExact(mustInc, mustDec),
                Math.addExact(candInc, candDec));
    }

    /** The allowed value and version range of one observation, both ends inclusive. */
    record Bounds(long minValue, long maxValue, long minVersion, long maxVersion) {
        /** What is wrong with the observed state, or null when it fits; a null field is not checked. */
        String problem(Long value, Long version) {
            List<String> wrong = new ArrayList<>(2);
            if (value != null && (value < minValue || value > maxValue)) {
                wrong.add("value " + value + " outside allowed [" + minValue + ", " + maxValue + "]");
            }
            if (version != null && (version < minVersion || version > maxVersion)) {
                wrong.add("version " + version + " outside allowed [" + minVersion + ", " + maxVersion + "]");
            }
            return wrong.isEmpty() ? null : String.join("; ", wrong);
        }
    }
}

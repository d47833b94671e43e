package dev.distcounter.checker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule 2: once the cluster is quiet every node reports the same state, and that state holds
 * every acknowledged operation exactly once plus some subset of the indeterminate ones.
 *
 * <p>With A = Σ delta and Aabs = Σ |delta| over ok operations, a final state is explainable iff
 * value = A + I − D and version = Aabs + I + D, where I is a subset sum of the info increments
 * and D of the info decrements. Value and version together pin I and D down:
 * I = ((value − A) + (version − Aabs)) / 2 and D = ((version − Aabs) − (value − A)) / 2.
 * A negative I or D means an acknowledged operation was lost; more than the info operations
 * can give means one was counted twice (or invented).
 */
final class FinalStateRule {
    private final History history;
    private final long acknowledgedSum;
    private final long acknowledgedMagnitude;
    private final SubsetSums infoIncrements;
    private final SubsetSums infoDecrements;

    /** @throws ArithmeticException when the sums leave the 64-bit range */
    FinalStateRule(History history) {
        this.history = history;
        // The initial state counts as acknowledged: every node held it when recording began.
        long sum = history.initial().value();
        long magnitude = history.initial().version();
        List<Long> incs = new ArrayList<>();
        List<Long> decs = new ArrayList<>();
        for (Operation op : history.ops()) {
            if (op.outcome() == Outcome.OK) {
                sum = Math.addExact(sum, op.delta());
                magnitude = Math.addExact(magnitude, Math.abs(op.delta()));
            } else if (op.outcome() == Outcome.INFO) {
                (op.delta() > 0 ? incs : decs).add(Math.abs(op.delta()));
            }
        }
        this.acknowledgedSum = sum;
        this.acknowledgedMagnitude = magnitude;
        this.infoIncrements =
                new SubsetSums(incs.stream().mapToLong(Long::longValue).toArray());
        this.infoDecrements =
                new SubsetSums(decs.stream().mapToLong(Long::longValue).toArray());
    }

    /** A: the sum of acknowledged deltas. */
    long acknowledgedSum() {
        return acknowledgedSum;
    }

    /** The lowest final value explainable: every info decrement applied, no info increment. */
    long lowerBound() {
        return Math.subtractExact(acknowledgedSum, infoDecrements.total());
    }

    /** The highest final value explainable: every info increment applied, no info decrement. */
    long upperBound() {
        return Math.addExact(acknowledgedSum, infoIncrements.total());
    }

    /** Checks the finals, adding violations and, to {@code notes}, how the final state was explained. */
    void check(Violations violations, List<String> notes) {
        if (history.finals().isEmpty()) {
            violations.add("no final reads: nothing shows that acknowledged operations survived");
            return;
        }
        // Distinct (value, version) states, each with the nodes that reported it.
        Map<List<Long>, List<String>> states = new LinkedHashMap<>();
        for (FinalRead f : history.finals()) {
            states.computeIfAbsent(List.of(f.value(), f.version()), s -> new ArrayList<>())
                    .add(f.node());
        }
        if (states.size() > 1) {
            List<String> parts = new ArrayList<>();
            states.forEach((s, nodes) -> parts.add("value " + s.get(0) + " version " + s.get(1) + " at node"
                    + (nodes.size() > 1 ? "s " : " ") + String.join(",", nodes)));
            violations.add("finals disagree after the cluster was quiet: " + String.join("; ", parts));
        }
        if (!infoIncrements.exact() || !infoDecrements.exact()) {
            notes.add("indeterminate deltas total more than " + SubsetSums.EXACT_LIMIT
                    + "; final state checked against the range of I and D only, not exact subset sums");
        }
        states.forEach((s, nodes) -> checkOne(s.get(0), s.get(1), String.join(",", nodes), violations, notes));
    }

    private void checkOne(long value, long version, String nodes, Violations violations, List<String> notes) {
        String what = "final at node" + (nodes.contains(",") ? "s " : " ") + nodes + " value " + value
                + " version " + version + " (acknowledged A=" + acknowledgedSum + ", |A|=" + acknowledgedMagnitude
                + "; value allowed [" + lowerBound() + ", " + upperBound() + "])";
        long extraValue;
        long extraVersion;
        try {
            extraValue = Math.subtractExact(value, acknowledgedSum);
            extraVersion = Math.subtractExact(version, acknowledgedMagnitude);
            Math.addExact(extraValue, extraVersion);
            Math.subtractExact(extraVersion, extraValue);
        } catch (ArithmeticException e) {
            violations.add(what + ": differs from the acknowledged operations by more than 64 bits hold");
            return;
        }
        if (((extraValue + extraVersion) & 1) != 0) {
            violations.add(what + ": value and version cannot differ from A and |A| by amounts of different"
                    + " parity (every operation moves both by the same magnitude)");
            return;
        }
        long inc = (extraValue + extraVersion) / 2;
        long dec = (extraVersion - extraValue) / 2;
        List<String> wrong = new ArrayList<>(2);
        describe("increments", inc, infoIncrements, wrong);
        describe("decrements", dec, infoDecrements, wrong);
        if (wrong.isEmpty()) {
            notes.add("final at node" + (nodes.contains(",") ? "s " : " ") + nodes + " value " + value + " version "
                    + version + " = acknowledged + " + inc + " of " + infoIncrements.total()
                    + " indeterminate increments − " + dec + " of " + infoDecrements.total()
                    + " indeterminate decrements");
        } else {
            violations.add(what + ": " + String.join("; ", wrong));
        }
    }

    private static void describe(String kind, long needed, SubsetSums info, List<String> wrong) {
        if (needed < 0) {
            wrong.add(-needed + " of the acknowledged " + kind + " are missing (lost write)");
        } else if (needed > info.total()) {
            wrong.add(needed + " more " + kind + " than acknowledged, but indeterminate " + kind + " total only "
                    + info.total() + " (counted twice or invented)");
        } else if (!info.canReach(needed)) {
            wrong.add("needs indeterminate " + kind + " summing to exactly " + needed + ", which no subset of the "
                    + info.count() + " indeterminate " + kind + " gives");
        }
    }
}

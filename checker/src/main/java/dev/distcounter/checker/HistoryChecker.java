package dev.distcounter.checker;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a recorded history is explainable by the cluster's promises (see
 * {@link ObservedStateRule} and {@link FinalStateRule} for the counter, {@link KeyChecker} for
 * the keyspace; a history holding only keyspace entries is not held to the counter's rules). Pure: no I/O, no clock. Runs in
 * O((ops + reads) log ops) plus the subset-sum check on indeterminate deltas.
 */
public final class HistoryChecker {
    private HistoryChecker() {}

    public static CheckResult check(History history) {
        int ok = 0;
        int fail = 0;
        int info = 0;
        for (Operation op : history.ops()) {
            switch (op.outcome()) {
                case OK -> ok++;
                case FAIL -> fail++;
                case INFO -> info++;
            }
        }
        Violations violations = new Violations();
        List<String> notes = new ArrayList<>();
        int readsChecked = 0;
        long acknowledged = 0;
        long lower = 0;
        long upper = 0;
        // A history of the keyspace alone has no counter finals, which the counter's rules would call a loss.
        if (history.hasCounterEntries() || !history.hasKeyEntries()) {
            try {
                readsChecked = new ObservedStateRule(history).check(violations);
                FinalStateRule finals = new FinalStateRule(history);
                acknowledged = finals.acknowledgedSum();
                lower = finals.lowerBound();
                upper = finals.upperBound();
                finals.check(violations, notes);
            } catch (ArithmeticException e) {
                // No counter can hold such sums (its version fits a long), so the history cannot be explained.
                violations.add("operation deltas add up past the 64-bit range no counter can exceed");
            }
        }
        KeyCheckResult keys = KeyChecker.check(history);
        return new CheckResult(
                violations.none() && keys.valid(),
                violations.listed(),
                violations.unlisted(),
                ok,
                fail,
                info,
                readsChecked,
                history.faults(),
                acknowledged,
                lower,
                upper,
                notes,
                keys);
    }
}

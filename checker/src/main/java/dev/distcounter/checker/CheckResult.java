package dev.distcounter.checker;

import java.util.List;

/**
 * The checker's verdict on one history.
 *
 * @param valid              true when no violation was found
 * @param violations         the first {@value Violations#LISTED} violations, one line each
 * @param unlistedViolations how many more violations were found but not listed
 * @param okOps              operations acknowledged (HTTP 200)
 * @param failedOps          operations certainly not applied
 * @param infoOps            operations whose fate is unknown
 * @param readsChecked       observed states checked: ok reads plus ok operations that returned a state
 * @param faults             the injected faults, for the report (no rule uses them)
 * @param acknowledgedSum    A, the sum of acknowledged deltas plus the initial value (if the history has one)
 * @param lowerBound         the lowest explainable final value: A − Σ info decrements
 * @param upperBound         the highest explainable final value: A + Σ info increments
 * @param notes              how the final state was explained, and where the check was only approximate
 * @param keys               the verdict on the keyspace operations ({@link KeyCheckResult#NONE} when there were none);
 *                           {@code valid} covers it too
 */
public record CheckResult(
        boolean valid,
        List<String> violations,
        int unlistedViolations,
        int okOps,
        int failedOps,
        int infoOps,
        int readsChecked,
        List<Fault> faults,
        long acknowledgedSum,
        long lowerBound,
        long upperBound,
        List<String> notes,
        KeyCheckResult keys) {
    /** A verdict on a history of counter operations only. */
    public CheckResult(
            boolean valid,
            List<String> violations,
            int unlistedViolations,
            int okOps,
            int failedOps,
            int infoOps,
            int readsChecked,
            List<Fault> faults,
            long acknowledgedSum,
            long lowerBound,
            long upperBound,
            List<String> notes) {
        this(
                valid,
                violations,
                unlistedViolations,
                okOps,
                failedOps,
                infoOps,
                readsChecked,
                faults,
                acknowledgedSum,
                lowerBound,
                upperBound,
                notes,
                KeyCheckResult.NONE);
    }

    /** Faults listed in a report; the rest are only counted. */
    static final int FAULTS_LISTED = 20;

    public CheckResult {
        violations = List.copyOf(violations);
        faults = List.copyOf(faults);
        notes = List.copyOf(notes);
        java.util.Objects.requireNonNull(keys, "keys");
        if (valid != (violations.isEmpty() && unlistedViolations == 0 && keys.valid())) {
            throw new IllegalArgumentException("valid must mean no violations");
        }
    }

    public int faultCount() {
        return faults.size();
    }

    /** All violations found, listed or not, the keyspace's included. */
    public int violationCount() {
        return counterViolationCount() + keys.violationCount();
    }

    private int counterViolationCount() {
        return violations.size() + unlistedViolations;
    }

    /** True when the report has something to say about the counter: a keyspace-only history has not. */
    private boolean counterReported() {
        return !keys.present()
                || okOps + failedOps + infoOps + readsChecked > 0
                || !notes.isEmpty()
                || counterViolationCount() > 0;
    }

    /** A short multi-line summary ending with {@code VALID} or {@code INVALID}. */
    public String report() {
        StringBuilder out = new StringBuilder();
        if (counterReported()) {
            counterReport(out);
        }
        if (keys.present()) {
            keys.reportLines().forEach(line -> out.append(line).append('\n'));
        }
        return out.append(valid ? "VALID" : "INVALID").toString();
    }

    private void counterReport(StringBuilder out) {
        out.append("operations: ")
                .append(okOps + failedOps + infoOps)
                .append(" (")
                .append(okOps)
                .append(" ok, ")
                .append(failedOps)
                .append(" fail, ")
                .append(infoOps)
                .append(" info); observed states checked: ")
                .append(readsChecked)
                .append("; faults: ")
                .append(faults.size())
                .append('\n');
        for (int i = 0; i < Math.min(faults.size(), FAULTS_LISTED); i++) {
            Fault f = faults.get(i);
            out.append("  fault at ").append(f.atMillis()).append(": ").append(f.what());
            if (!f.detail().isEmpty()) {
                out.append(' ').append(f.detail());
            }
            out.append('\n');
        }
        if (faults.size() > FAULTS_LISTED) {
            out.append("  ... and ").append(faults.size() - FAULTS_LISTED).append(" more faults\n");
        }
        out.append("acknowledged sum A = ")
                .append(acknowledgedSum)
                .append("; explainable final value in [")
                .append(lowerBound)
                .append(", ")
                .append(upperBound)
                .append("]\n");
        for (String note : notes) {
            out.append(note).append('\n');
        }
        if (counterViolationCount() > 0) {
            out.append("violations: ").append(counterViolationCount()).append('\n');
            for (String v : violations) {
                out.append("  - ").append(v).append('\n');
            }
            if (unlistedViolations > 0) {
                out.append("  ... and ").append(unlistedViolations).append(" more\n");
            }
        }
    }

    @Override
    public String toString() {
        return report();
    }
}

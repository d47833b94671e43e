package dev.distcounter.checker;

import java.util.ArrayList;
import java.util.List;

/**
 * The checker's verdict on a history's keyspace operations (see {@link KeyChecker} for the rules).
 *
 * @param valid              true when no violation was found
 * @param violations         the first {@value Violations#LISTED} violations, one line each, naming the operations
 * @param unlistedViolations how many more violations were found but not listed
 * @param puts               puts by outcome
 * @param gets               gets by outcome
 * @param deletes            deletes by outcome
 * @param notFoundReads      ok gets that found nothing (404)
 * @param keys               distinct keys operated on or read at the end
 * @param finalReplicaReads  final replica reads recorded
 * @param notes              what was not checked, and why
 */
public record KeyCheckResult(
        boolean valid,
        List<String> violations,
        int unlistedViolations,
        Counts puts,
        Counts gets,
        Counts deletes,
        int notFoundReads,
        int keys,
        int finalReplicaReads,
        List<String> notes) {
    /** The result for a history without keyspace entries. */
    public static final KeyCheckResult NONE =
            new KeyCheckResult(true, List.of(), 0, Counts.ZERO, Counts.ZERO, Counts.ZERO, 0, 0, 0, List.of());

    /** Operations of one kind, by outcome. */
    public record Counts(int ok, int fail, int info) {
        public static final Counts ZERO = new Counts(0, 0, 0);

        public int total() {
            return ok + fail + info;
        }

        Counts plus(Outcome outcome) {
            return switch (outcome) {
                case OK -> new Counts(ok + 1, fail, info);
                case FAIL -> new Counts(ok, fail + 1, info);
                case INFO -> new Counts(ok, fail, info + 1);
            };
        }
    }

    public KeyCheckResult {
        violations = List.copyOf(violations);
        notes = List.copyOf(notes);
        if (valid != (violations.isEmpty() && unlistedViolations == 0)) {
            throw new IllegalArgumentException("valid must mean no violations");
        }
    }

    /** True when the history had keyspace entries at all. */
    public boolean present() {
        return operations() > 0 || finalReplicaReads > 0;
    }

    public int operations() {
        return puts.total() + gets.total() + deletes.total();
    }

    /** All violations found, listed or not. */
    public int violationCount() {
        return violations.size() + unlistedViolations;
    }

    /** The report's lines, without a verdict (the history's report ends with one for everything). */
    List<String> reportLines() {
        List<String> out = new ArrayList<>();
        out.add("key operations: " + operations() + " (put " + describe(puts) + "; get " + describe(gets)
                + ", " + notFoundReads + " not found; delete " + describe(deletes) + "); keys: " + keys
                + "; final replica reads: " + finalReplicaReads);
        out.addAll(notes);
        if (!valid) {
            out.add("key violations: " + violationCount());
            for (String v : violations) {
                out.add("  - " + v);
            }
            if (unlistedViolations > 0) {
                out.add("  ... and " + unlistedViolations + " more");
            }
        }
        return out;
    }

    /** A short multi-line summary ending with {@code VALID} or {@code INVALID}. */
    public String report() {
        List<String> lines = reportLines();
        lines.add(valid ? "VALID" : "INVALID");
        return String.join("\n", lines);
    }

    private static String describe(Counts c) {
        return c.total() + ": " + c.ok() + " ok, " + c.fail() + " fail, " + c.info() + " info";
    }

    @Override
    public String toString() {
        return report();
    }
}

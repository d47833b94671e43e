package dev.distcounter.checker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Key rule 2, no invented value: every value an ok get returned, and every value a replica held
 * at the end, was written to that key by a put that may have taken effect (ok or indeterminate),
 * invoked before the get completed. A value only a definitely failed put wrote is a violation:
 * that put was promised not to have been applied. Keys are taken to be absent when recording
 * began.
 */
final class ReadValueWrittenRule {
    private final List<KeyOperation> ops;
    /** Key, then value, to the index of the first put that may have written it (by invoke). */
    private final Map<String, Map<String, Integer>> firstPut = new HashMap<>();
    /** Key, then value, to the index of a failed put that wrote it. */
    private final Map<String, Map<String, Integer>> failedPut = new HashMap<>();

    ReadValueWrittenRule(List<KeyOperation> ops) {
        this.ops = ops;
        for (int i = 0; i < ops.size(); i++) {
            KeyOperation op = ops.get(i);
            if (op.kind() != KeyOperation.Kind.PUT) {
                continue;
            }
            int index = i;
            if (op.outcome() == Outcome.FAIL) {
                failedPut.computeIfAbsent(op.key(), k -> new HashMap<>()).putIfAbsent(op.value(), index);
            } else {
                firstPut.computeIfAbsent(op.key(), k -> new HashMap<>())
                        .merge(
                                op.value(),
                                index,
                                (a, b) ->
                                        ops.get(a).invokeMillis() <= ops.get(b).invokeMillis() ? a : b);
            }
        }
    }

    /** Adds a violation per get or final replica read of a value nobody could have written; returns how many were checked. */
    int check(List<KeyFinalRead> finals, Violations violations) {
        int checked = 0;
        for (int i = 0; i < ops.size(); i++) {
            KeyOperation get = ops.get(i);
            if (get.kind() == KeyOperation.Kind.GET && get.outcome() == Outcome.OK && get.value() != null) {
                checked++;
                String problem = problem(get.key(), get.value(), get.completeMillis());
                if (problem != null) {
                    violations.add(get.describe(i + 1) + " returned a value " + problem);
                }
            }
        }
        for (KeyFinalRead fin : finals) {
            if (fin.value() != null) {
                checked++;
                String problem = problem(fin.key(), fin.value(), Long.MAX_VALUE);
                if (problem != null) {
                    violations.add("final replica read at node " + fin.node() + " of key \"" + fin.key() + "\" holds "
                            + fin.state() + ", a value " + problem);
                }
            }
        }
        return checked;
    }

    /** Why {@code value} could not have been read from {@code key} by {@code by}, or null when it could. */
    private String problem(String key, String value, long by) {
        Integer first = firstPut.getOrDefault(key, Map.of()).get(value);
        if (first != null && ops.get(first).invokeMillis() <= by) {
            return null;
        }
        if (first != null) {
            return "first put by " + ops.get(first).describe(first + 1) + ", invoked after the get completed";
        }
        Integer failed = failedPut.getOrDefault(key, Map.of()).get(value);
        if (failed != null) {
            return "written only by definitely failed " + ops.get(failed).describe(failed + 1);
        }
        return "never written to this key";
    }
}

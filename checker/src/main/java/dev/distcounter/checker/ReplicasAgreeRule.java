package dev.distcounter.checker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Key rule 1, convergence: after healing and quiescence every replica of a key holds the same
 * value and version, and none is older than the newest acknowledged write to that key (an older
 * one means an acknowledged write was lost).
 *
 * <p>A replica holding nothing agrees with replicas holding a tombstone: a tombstone may be
 * dropped once every replica holds it, and both read as not found. Holding nothing after an
 * acknowledged put is a lost write.
 */
final class ReplicasAgreeRule {
    private final List<KeyOperation> ops;
    private final NewestWrites acknowledged;

    ReplicasAgreeRule(List<KeyOperation> ops, NewestWrites acknowledged) {
        this.ops = ops;
        this.acknowledged = acknowledged;
    }

    /** Adds a violation per key whose replicas disagree and per replica state that lost a write; returns the keys checked. */
    int check(List<KeyFinalRead> finals, Violations violations) {
        Map<String, Map<String, List<String>>> statesByKey = new LinkedHashMap<>();
        Map<String, Map<String, KeyFinalRead>> exampleByKey = new LinkedHashMap<>();
        for (KeyFinalRead fin : finals) {
            statesByKey
                    .computeIfAbsent(fin.key(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(fin.state(), s -> new ArrayList<>())
                    .add(fin.node());
            exampleByKey.computeIfAbsent(fin.key(), k -> new LinkedHashMap<>()).putIfAbsent(fin.state(), fin);
        }
        statesByKey.forEach((key, states) -> {
            long held = exampleByKey.get(key).values().stream()
                    .filter(f -> !f.holdsNothing())
                    .count();
            if (held > 1) {
                List<String> parts = new ArrayList<>();
                states.forEach((state, nodes) ->
                        parts.add(state + " at node" + (nodes.size() > 1 ? "s " : " ") + String.join(",", nodes)));
                violations.add("replicas of key \"" + key + "\" disagree after the cluster was quiet: "
                        + String.join("; ", parts));
            } else if (held == 1 && states.containsKey("nothing")) {
                KeyFinalRead other = exampleByKey.get(key).values().stream()
                        .filter(f -> !f.holdsNothing())
                        .findFirst()
                        .orElseThrow();
                if (!other.deleted()) {
                    violations.add("replicas of key \"" + key + "\" disagree after the cluster was quiet: "
                            + other.state() + " at node" + plural(states.get(other.state())) + "; nothing at node"
                            + plural(states.get("nothing")));
                }
            }
            int w = acknowledged.atOrBefore(key, Long.MAX_VALUE);
            if (w >= 0) {
                KeyOperation write = ops.get(w);
                exampleByKey.get(key).forEach((state, fin) -> {
                    boolean lost = fin.holdsNothing()
                            ? write.kind() == KeyOperation.Kind.PUT
                            : fin.version() < write.version();
                    if (lost) {
                        violations.add("key \"" + key + "\": " + state + " at node" + plural(states.get(state))
                                + " is older than acknowledged " + write.describe(w + 1) + " (lost write)");
                    }
                });
            }
        });
        return statesByKey.size();
    }

    private static String plural(List<String> nodes) {
        return (nodes.size() > 1 ? "s " : " ") + String.join(",", nodes);
    }
}

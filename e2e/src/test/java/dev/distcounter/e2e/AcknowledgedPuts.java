package dev.distcounter.e2e;

import dev.distcounter.common.http.WriteOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the final reads of a put workload may show, key by key (docs/guarantees.md §13): a key with
 * an acknowledged put is found, at a version at least that of every acknowledged put of the key,
 * with the value of an acknowledged put at exactly the version read or of an indeterminate one
 * (it may have been applied, and may win: its version was chosen before a later put's pre-read
 * could see it); never the value of a put certainly not applied. Values must be unique per put.
 */
final class AcknowledgedPuts {
    private final Map<String, List<KeyspaceClient.Put>> byKey = new LinkedHashMap<>();

    AcknowledgedPuts(List<KeyspaceClient.Put> puts) {
        for (KeyspaceClient.Put put : puts) {
            byKey.computeIfAbsent(put.key(), k -> new ArrayList<>()).add(put);
        }
    }

    /** Every key with at least one acknowledged put: those that must be read back. */
    List<String> keysToRead() {
        return byKey.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(p -> p.outcome() == WriteOutcome.APPLIED))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** What is wrong with {@code read}, the final read of {@code key}; empty when nothing is. */
    List<String> violations(String key, KeyspaceClient.Read read) {
        List<String> problems = new ArrayList<>();
        List<KeyspaceClient.Put> puts = byKey.getOrDefault(key, List.of());
        if (!read.found()) {
            problems.add(key + ": not found (" + read + ") after acknowledged puts " + acknowledged(puts));
            return problems;
        }
        for (KeyspaceClient.Put put : acknowledged(puts)) {
            if (read.version() < put.version()) {
                problems.add(key + ": read " + read + ", older than the acknowledged put of \"" + put.value()
                        + "\" at version " + put.version());
            }
        }
        KeyspaceClient.Put shown = puts.stream()
                .filter(p -> p.value().equals(read.value()))
                .findFirst()
                .orElse(null);
        if (shown == null) {
            problems.add(key + ": read " + read + ", a value no put of the key wrote");
        } else if (shown.outcome() == WriteOutcome.NOT_APPLIED) {
            problems.add(key + ": read " + read + ", the value of a put that was certainly not applied: " + shown);
        } else if (shown.outcome() == WriteOutcome.APPLIED && shown.version() != read.version()) {
            problems.add(key + ": read " + read + ", but that value was acknowledged at version " + shown.version());
        }
        return problems;
    }

    private static List<KeyspaceClient.Put> acknowledged(List<KeyspaceClient.Put> puts) {
        return puts.stream().filter(p -> p.outcome() == WriteOutcome.APPLIED).toList();
    }
}

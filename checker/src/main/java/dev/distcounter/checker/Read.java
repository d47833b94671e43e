package dev.distcounter.checker;

import java.util.Objects;

/**
 * One GET /counter at {@code node}. Only {@link Outcome#OK} reads carry {@code value} and
 * {@code version}, and only they are checked.
 */
public record Read(String node, long invokeMillis, long completeMillis, Outcome outcome, Long value, Long version) {
    public Read {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(outcome, "outcome");
        if (completeMillis < invokeMillis) {
            throw new IllegalArgumentException("complete " + completeMillis + " is before invoke " + invokeMillis);
        }
        if (outcome == Outcome.OK && (value == null || version == null)) {
            throw new IllegalArgumentException("an ok read needs both value and version");
        }
    }
}

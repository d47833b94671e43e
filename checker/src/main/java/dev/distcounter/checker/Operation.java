package dev.distcounter.checker;

import java.util.Objects;

/**
 * One increment ({@code delta > 0}) or decrement ({@code delta < 0}) sent to {@code node}.
 * {@code value} and {@code version} are the node's state right after applying it, when the
 * client got them (only meaningful for {@link Outcome#OK}; either may be null).
 */
public record Operation(
        String node, long delta, long invokeMillis, long completeMillis, Outcome outcome, Long value, Long version) {
    public Operation {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(outcome, "outcome");
        // Zero would be neither increment nor decrement; MIN_VALUE has no magnitude in a long.
        if (delta == 0 || delta == Long.MIN_VALUE) {
            throw new IllegalArgumentException(
                    "delta must be a non-zero long above " + Long.MIN_VALUE + ", not " + delta);
        }
        if (completeMillis < invokeMillis) {
            throw new IllegalArgumentException("complete " + completeMillis + " is before invoke " + invokeMillis);
        }
    }

    /** The amount this operation adds to the counter's increments (P), zero for a decrement. */
    public long increment() {
        return delta > 0 ? delta : 0;
    }

    /** The amount this operation adds to the counter's decrements (N), zero for an increment. */
    public long decrement() {
        return delta < 0 ? -delta : 0;
    }

    /** True when the client saw the node's state after this operation, so it is checked as a read. */
    public boolean observedState() {
        return outcome == Outcome.OK && (value != null || version != null);
    }

    /** {@code +3} or {@code -2}, as reports print it. */
    String signedDelta() {
        return delta > 0 ? "+" + delta : Long.toString(delta);
    }
}

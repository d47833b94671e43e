package dev.distcounter.node.crdt;

import dev.distcounter.common.Contracts;

/**
 * One replica's share of a {@link PNCounter}: how much it has added ({@code p}) and
 * subtracted ({@code n}), both only ever growing.
 */
public record CounterEntry(long p, long n) {
    public static final CounterEntry ZERO = new CounterEntry(0, 0);

    public CounterEntry {
        Contracts.check(p >= 0 && n >= 0, () -> "counter entry is not negative (p=" + p + ", n=" + n + ")");
    }

    /** The entry-wise maximum: the merge of two observations of the same replica. */
    public CounterEntry max(CounterEntry other) {
        if (other.p <= p && other.n <= n) {
            return this;
        }
        if (p <= other.p && n <= other.n) {
            return other;
        }
        return new CounterEntry(Math.max(p, other.p), Math.max(n, other.n));
    }

    /** True when this observation includes everything {@code other} says. */
    public boolean covers(CounterEntry other) {
        return p >= other.p && n >= other.n;
    }
}

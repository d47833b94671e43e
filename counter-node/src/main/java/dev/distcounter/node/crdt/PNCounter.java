package dev.distcounter.node.crdt;

import dev.distcounter.common.Contracts;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A positive-negative counter CRDT, immutable.
 *
 * <p>State: for each replica, a grow-only pair (P, N) of what it added and subtracted.
 * <ul>
 *   <li>value = sum(P) - sum(N)</li>
 *   <li>version = sum(P) + sum(N): the number of unit operations known; it only grows, and two
 *       replicas with the same entries report the same version</li>
 *   <li><b>merge rule:</b> entry-wise maximum of P and of N. The merge is commutative,
 *       associative and idempotent, so replicas that have seen the same updates, in any order,
 *       any number of times, hold the same state. Concurrent increments on different replicas
 *       live in different entries and are never lost (unlike "highest version wins").</li>
 * </ul>
 *
 * <p>Range: sum(P) + sum(N) always fits a signed 64-bit long, so value and version never wrap.
 * An increment, decrement or merge that would break this throws {@link CounterOverflowException}.
 * One operation adds or subtracts at most {@link #MAX_AMOUNT} (2^53): no single request can use
 * up the 64-bit total, which takes at least 1,023 operations of the largest amount.
 *
 * <p>Guarantees: docs/guarantees.md §1 and §5.
 */
public final class PNCounter {
    /**
     * The most one increment or decrement may add or subtract: 2^53, the largest amount a JSON
     * client (a JavaScript double) reads exactly, and 1/1024 of the 64-bit total.
     */
    public static final long MAX_AMOUNT = 1L << 53;

    private static final PNCounter EMPTY = new PNCounter(Map.of(), 0, 0);

    private final Map<ReplicaId, CounterEntry> entries;
    private final long totalP;
    private final long totalN;

    private PNCounter(Map<ReplicaId, CounterEntry> entries, long totalP, long totalN) {
        this.entries = entries;
        this.totalP = totalP;
        this.totalN = totalN;
    }

    public static PNCounter empty() {
        return EMPTY;
    }

    /** A counter holding exactly these entries; fails if their totals leave the 64-bit range. */
    public static PNCounter of(Map<ReplicaId, CounterEntry> entries) {
        long p = 0;
        long n = 0;
        try {
            for (CounterEntry e : entries.values()) {
                p = Math.addExact(p, e.p());
                n = Math.addExact(n, e.n());
            }
            Math.addExact(p, n);
        } catch (ArithmeticException e) {
            throw new CounterOverflowException("counter totals exceed the signed 64-bit range");
        }
        return new PNCounter(Collections.unmodifiableMap(new HashMap<>(entries)), p, n);
    }

    /** This counter with {@code amount} more added by {@code replica}; {@code amount} is 1 to {@link #MAX_AMOUNT}. */
    public PNCounter increment(ReplicaId replica, long amount) {
        Contracts.check(amount > 0 && amount <= MAX_AMOUNT, "increment amount within 1..2^53");
        checkRoom(amount, "increment");
        CounterEntry old = entry(replica);
        return with(replica, new CounterEntry(old.p() + amount, old.n()), totalP + amount, totalN);
    }

    /** This counter with {@code amount} more subtracted by {@code replica}; {@code amount} is 1 to {@link #MAX_AMOUNT}. */
    public PNCounter decrement(ReplicaId replica, long amount) {
        Contracts.check(amount > 0 && amount <= MAX_AMOUNT, "decrement amount within 1..2^53");
        checkRoom(amount, "decrement");
        CounterEntry old = entry(replica);
        return with(replica, new CounterEntry(old.p(), old.n() + amount), totalP, totalN + amount);
    }

    private void checkRoom(long amount, String what) {
        if (amount > Long.MAX_VALUE - version()) {
            throw new CounterOverflowException(what + " by " + amount + " refused: the counter's version (the"
                    + " total of all operations, now " + version() + ") would pass the signed 64-bit maximum "
                    + Long.MAX_VALUE + "; at most " + (Long.MAX_VALUE - version()) + " more can be counted");
        }
    }

    private PNCounter with(ReplicaId replica, CounterEntry entry, long p, long n) {
        Map<ReplicaId, CounterEntry> copy = new HashMap<>(entries);
        copy.put(replica, entry);
        return new PNCounter(Collections.unmodifiableMap(copy), p, n);
    }

    /** The merge (see class comment). Returns {@code this} when {@code other} adds nothing. */
    // Identity first: merging a state with itself is common (echoed gossip) and needs no walk.
    @SuppressWarnings("ReferenceEquality")
    public PNCounter merge(PNCounter other) {
        if (other == this || dominates(other)) {
            return this;
        }
        if (other.dominates(this)) {
            return other;
        }
        Map<ReplicaId, CounterEntry> merged = new HashMap<>(entries);
        other.entries.forEach((replica, theirs) -> merged.merge(replica, theirs, CounterEntry::max));
        return of(merged);
    }

    /** True when this counter includes everything {@code other} knows (other ≤ this, entry-wise). */
    public boolean dominates(PNCounter other) {
        if (other.totalP > totalP || other.totalN > totalN) {
            return false;
        }
        for (Map.Entry<ReplicaId, CounterEntry> e : other.entries.entrySet()) {
            if (!entry(e.getKey()).covers(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The entries of this counter that differ from {@code older}: what a merge changed. */
    public PNCounter changesSince(PNCounter older) {
        Map<ReplicaId, CounterEntry> changed = new HashMap<>();
        entries.forEach((replica, entry) -> {
            if (!entry.equals(older.entries.get(replica))) {
                changed.put(replica, entry);
            }
        });
        return of(changed);
    }

    public CounterEntry entry(ReplicaId replica) {
        return entries.getOrDefault(replica, CounterEntry.ZERO);
    }

    /** Read-only view of the entries. */
    public Map<ReplicaId, CounterEntry> entries() {
        return entries;
    }

    public long value() {
        return totalP - totalN;
    }

    public long version() {
        return totalP + totalN;
    }

    /**
     * A fingerprint of every entry ({@link StateDigest}): equal for equal states, different (but for
     * a chance of 2^-64) for different ones. Computed on each call, never on a write: only
     * {@code /counter} in JSON and the tests ask for it.
     */
    public String digest() {
        return StateDigest.of(this);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PNCounter c && totalP == c.totalP && totalN == c.totalN && entries.equals(c.entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entries, totalP, totalN);
    }

    @Override
    public String toString() {
        return "PNCounter[value=" + value() + ", version=" + version() + ", replicas=" + entries.size() + "]";
    }
}

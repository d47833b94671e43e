package dev.distcounter.node.ring;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is on the ring, as gossiped between nodes and kept in each node's data directory: an
 * immutable map from a node's address to its {@link RingEntry}. The ring is the
 * {@link RingStatus#JOINED JOINED} entries; a node that is dead but not removed stays on it.
 *
 * <p>Merge rule: per address, {@link RingEntry#newer} (higher incarnation, then LEFT/REMOVED over
 * JOINED): commutative, associative and idempotent, so nodes that exchange what they know in any
 * order agree.
 *
 * <p>Bounded to {@link #MAX_ENTRIES}: past it, entries off the ring go first (lowest incarnation
 * first), then joined ones (lowest incarnation first), ties by address, last first. The merge
 * rule's properties hold below the bound; past it, a dropped LEFT or REMOVED entry may be
 * overridden by older news of the same node being joined. A thousand names is far beyond any
 * cluster this node runs in; the bound only stops a flood of made-up names from growing memory.
 */
public final class RingMembership {
    public static final int MAX_ENTRIES = 1_000;

    public static final RingMembership EMPTY = new RingMembership(new TreeMap<>());

    /** The order in which entries are dropped past the bound: first dropped first. */
    private static final Comparator<Map.Entry<String, RingEntry>> DROP_ORDER =
            Comparator.<Map.Entry<String, RingEntry>>comparingInt(
                            e -> e.getValue().onRing() ? 1 : 0)
                    .thenComparingLong(e -> e.getValue().incarnation())
                    .thenComparing(Map.Entry::getKey, Comparator.reverseOrder());

    private final SortedMap<String, RingEntry> entries;

    private RingMembership(TreeMap<String, RingEntry> entries) {
        while (entries.size() > MAX_ENTRIES) {
            entries.remove(
                    entries.entrySet().stream().min(DROP_ORDER).orElseThrow().getKey());
        }
        this.entries = Collections.unmodifiableSortedMap(entries);
    }

    /** The entries given, bounded as every membership is. */
    public static RingMembership of(Map<String, RingEntry> entries) {
        return new RingMembership(new TreeMap<>(entries));
    }

    /** This membership with {@code entry} for {@code address} merged in. */
    public RingMembership with(String address, RingEntry entry) {
        RingEntry held = entries.get(address);
        if (held != null && RingEntry.newer(held, entry).equals(held)) {
            return this;
        }
        TreeMap<String, RingEntry> merged = new TreeMap<>(entries);
        merged.put(address, entry);
        return new RingMembership(merged);
    }

    /** What both memberships say, per address the newer entry. */
    public RingMembership merge(RingMembership other) {
        TreeMap<String, RingEntry> merged = new TreeMap<>(entries);
        other.entries.forEach((address, entry) -> merged.merge(address, entry, RingEntry::newer));
        RingMembership result = new RingMembership(merged);
        return result.equals(this) ? this : result;
    }

    /** The members on the ring: the JOINED entries, sorted. */
    public SortedSet<String> joined() {
        TreeSet<String> joined = new TreeSet<>();
        entries.forEach((address, entry) -> {
            if (entry.onRing()) {
                joined.add(address);
            }
        });
        return joined;
    }

    public Optional<RingEntry> entry(String address) {
        return Optional.ofNullable(entries.get(address));
    }

    /** Every entry, sorted by address; unmodifiable. */
    public SortedMap<String, RingEntry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RingMembership other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}

package dev.distcounter.node.antientropy;

import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.VnodeRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The hash tree of one vnode range of this replica: {@value #LEAVES} leaves, each the sum (mod
 * 2^64) of the {@link EntryHash} of every entry whose position falls in its slice of the range,
 * and a root hashed over the leaves. Two replicas hold the same entries in the range exactly
 * when their roots are equal (up to 64-bit collisions), and in a leaf exactly when its sums are.
 *
 * <p>Rules:
 * <ul>
 *   <li>Incremental: {@link #put} subtracts the entry's old hash and adds the new one, so the tree
 *       always equals one built from scratch from the same entries; nothing ever rescans.</li>
 *   <li>Monotonic like the store: a put older than the version held is ignored, so changes seen
 *       twice or late (a store change already picked up by a scan) change nothing.</li>
 *   <li>Leaves are contiguous slices of the range, leaf {@code i} holding offsets
 *       {@code [i·w, (i+1)·w)} for {@code w = ceil(width / LEAVES)}: a leaf's entries, sorted by
 *       position, split into parts by position.</li>
 * </ul>
 * Confined: one thread (the node's scheduler) owns it.
 */
final class RangeTree {
    static final int LEAVES = 64;

    /** One held entry: what the tree hashes and what a digest carries. */
    record Entry(String key, long position, Version version, boolean deleted) {
        long hash() {
            return EntryHash.of(key, version, deleted);
        }
    }

    static final Comparator<Entry> BY_POSITION =
            Comparator.comparing(Entry::position, Long::compareUnsigned).thenComparing(Entry::key);

    private final VnodeRange range;
    private final long leafWidth;
    private final long[] sums = new long[LEAVES];
    private final List<Map<String, Entry>> leaves = new ArrayList<>(LEAVES);
    private final Map<String, Entry> tombstones = new HashMap<>();

    RangeTree(VnodeRange range) {
        this.range = range;
        long width = range.end() - range.start(); // 0: the whole ring, 2^64 positions
        this.leafWidth = width == 0 ? 1L << (Long.SIZE - 6) : Long.divideUnsigned(width - 1, LEAVES) + 1;
        for (int i = 0; i < LEAVES; i++) {
            leaves.add(new HashMap<>());
        }
    }

    VnodeRange range() {
        return range;
    }

    /** The leaf of a position the range contains. */
    int leafOf(long position) {
        return (int) Long.divideUnsigned(range.offset(position), leafWidth);
    }

    /** The offset in the range of leaf {@code leaf}'s first position. */
    long firstOffset(int leaf) {
        return leaf * leafWidth;
    }

    /** The offset in the range of leaf {@code leaf}'s last position (unsigned). */
    long lastOffset(int leaf) {
        long last = (leaf + 1) * leafWidth - 1;
        long widthMinusOne = range.end() - range.start() - 1; // 2^64-1 for the whole ring
        return Long.compareUnsigned(last, widthMinusOne) > 0 ? widthMinusOne : last;
    }

    /** Holds {@code entry} unless it already holds the same or a newer version of its key. */
    void put(Entry entry) {
        int leaf = leafOf(entry.position());
        Entry held = leaves.get(leaf).get(entry.key());
        if (held != null && !entry.version().newerThan(held.version())) {
            return;
        }
        if (held != null) {
            sums[leaf] -= held.hash();
        }
        sums[leaf] += entry.hash();
        leaves.get(leaf).put(entry.key(), entry);
        if (entry.deleted()) {
            tombstones.put(entry.key(), entry);
        } else {
            tombstones.remove(entry.key());
        }
    }

    /** Forgets {@code key} (a purged tombstone). */
    void remove(String key, long position) {
        int leaf = leafOf(position);
        Entry held = leaves.get(leaf).remove(key);
        if (held != null) {
            sums[leaf] -= held.hash();
            tombstones.remove(key);
        }
    }

    Entry get(String key, long position) {
        return leaves.get(leafOf(position)).get(key);
    }

    /** Hashes the leaves in order; equal leaves give equal roots. */
    long root() {
        long h = range.end();
        for (long sum : sums) {
            h = EntryHash.mix(h * 31 + sum);
        }
        return h;
    }

    long[] leafHashes() {
        return sums.clone();
    }

    /** The leaves whose hashes differ from {@code other}'s (the same length). */
    List<Integer> differingLeaves(long[] other) {
        List<Integer> differing = new ArrayList<>();
        for (int i = 0; i < LEAVES; i++) {
            if (sums[i] != other[i]) {
                differing.add(i);
            }
        }
        return differing;
    }

    /** The entries of {@code leaf}, by position then key. */
    List<Entry> entries(int leaf) {
        List<Entry> entries = new ArrayList<>(leaves.get(leaf).values());
        entries.sort(BY_POSITION);
        return entries;
    }

    /** The tombstones held in the range. */
    Collection<Entry> tombstones() {
        return tombstones.values();
    }

    int size() {
        return leaves.stream().mapToInt(Map::size).sum();
    }

    void forEach(Consumer<Entry> action) {
        leaves.forEach(leaf -> leaf.values().forEach(action));
    }

    @Override
    public String toString() {
        return "RangeTree(" + Long.toUnsignedString(range.start()) + ".." + Long.toUnsignedString(range.end()) + ", "
                + size() + " entries, leaves " + Arrays.toString(sums) + ")";
    }
}

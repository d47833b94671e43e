package dev.distcounter.node.antientropy;

import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kv.VnodeRange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every entry this replica holds, in one {@link RangeTree} per vnode range of the ring: the ring
 * cut into its ranges, whichever replicas they have (a replica may hold keys of a range that is no
 * longer its own).
 *
 * <p>Built once from the store when the node starts (one scan of what it replayed), then kept up to
 * date by {@link #apply} for every change the store reports. When the ring changes the ranges move:
 * {@link #rebuiltFor} re-sorts the entries these trees already hold into the new ranges, one pass
 * over them and none over the store; nothing else ever rescans.
 *
 * <p>Confined: one thread (the node's scheduler) owns it.
 */
final class KeyspaceTrees {
    private final List<RangeTree> trees; // by end token, unsigned

    private KeyspaceTrees(List<VnodeRange> ranges) {
        List<RangeTree> built = new ArrayList<>(ranges.size());
        ranges.forEach(r -> built.add(new RangeTree(r)));
        built.sort((a, b) -> Long.compareUnsigned(a.range().end(), b.range().end()));
        this.trees = Collections.unmodifiableList(built);
    }

    /** Empty trees for {@code ranges}, which must cover the ring once ({@link HashRing#ranges}). */
    static KeyspaceTrees of(List<VnodeRange> ranges) {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("a ring with no members has no ranges");
        }
        return new KeyspaceTrees(ranges);
    }

    /** These entries sorted into {@code ranges}' trees. */
    KeyspaceTrees rebuiltFor(List<VnodeRange> ranges) {
        KeyspaceTrees rebuilt = of(ranges);
        trees.forEach(tree -> tree.forEach(e -> rebuilt.treeOf(e.position()).put(e)));
        return rebuilt;
    }

    /** Takes a change of the store: {@code held} is what it holds now for {@code key} (null: nothing). */
    void apply(String key, Versioned held) {
        long position = HashRing.hash(key);
        RangeTree tree = treeOf(position);
        if (held == null) {
            tree.remove(key, position);
        } else {
            tree.put(new RangeTree.Entry(key, position, held.version(), held.deleted()));
        }
    }

    /** The tree whose range holds {@code position}: the first whose end is at or after it, wrapping. */
    RangeTree treeOf(long position) {
        int low = 0;
        int high = trees.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (Long.compareUnsigned(trees.get(mid).range().end(), position) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return trees.get(low == trees.size() ? 0 : low);
    }

    /** The tree of exactly this range, or null when these trees cut the ring otherwise. */
    RangeTree tree(long start, long end) {
        RangeTree tree = treeOf(end);
        VnodeRange range = tree.range();
        return range.start() == start && range.end() == end ? tree : null;
    }

    List<RangeTree> trees() {
        return trees;
    }

    int size() {
        return trees.stream().mapToInt(RangeTree::size).sum();
    }
}

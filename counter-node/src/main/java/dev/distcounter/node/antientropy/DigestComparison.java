package dev.distcounter.node.antientropy;

import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.kv.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a replica learns from a peer's digests of one part of a leaf, against what it holds there:
 * the keys to push (it holds them newer, or the peer lacks them), the keys to ask for (the peer
 * holds them newer, or it lacks them), and the tombstones both hold at the same version (what
 * tombstone collection counts). Pure.
 *
 * @param push       keys this replica sends the peer
 * @param want       keys this replica asks the peer for
 * @param tombstones keys whose tombstone both hold at the same version, with that version
 */
record DigestComparison(List<String> push, List<String> want, Map<String, Version> tombstones) {
    /**
     * {@code part} of a peer's digests against what this replica holds in {@code tree} at the
     * part's offsets; keys the part names outside its offsets are never asked for.
     */
    static DigestComparison of(RangeTree tree, LeafDigests.Part part) {
        List<RangeTree.Entry> mine = new ArrayList<>();
        for (RangeTree.Entry e : tree.entries(part.leaf())) {
            if (part.covers(tree.range().offset(e.position()))) {
                mine.add(e);
            }
        }
        DigestComparison all = of(mine, part.digests());
        List<String> want = all.want().stream()
                .filter(key -> {
                    long position = HashRing.hash(key);
                    return tree.range().contains(position)
                            && part.covers(tree.range().offset(position));
                })
                .toList();
        return new DigestComparison(all.push(), want, all.tombstones());
    }

    /** {@code mine}: every entry this replica holds in the part's offsets; {@code theirs}: the part's digests. */
    static DigestComparison of(List<RangeTree.Entry> mine, List<LeafDigests.Digest> theirs) {
        Map<String, LeafDigests.Digest> byKey = new HashMap<>();
        theirs.forEach(d -> byKey.put(d.key(), d));
        List<String> push = new ArrayList<>();
        List<String> want = new ArrayList<>();
        Map<String, Version> same = new HashMap<>();
        for (RangeTree.Entry e : mine) {
            LeafDigests.Digest d = byKey.remove(e.key());
            if (d == null || e.version().newerThan(d.version())) {
                push.add(e.key());
            } else if (d.version().newerThan(e.version())) {
                want.add(e.key());
            } else if (e.deleted() && d.deleted()) {
                same.put(e.key(), e.version());
            }
        }
        byKey.keySet().forEach(want::add);
        want.sort(null); // deterministic order: a HashMap's is not
        return new DigestComparison(push, want, same);
    }
}

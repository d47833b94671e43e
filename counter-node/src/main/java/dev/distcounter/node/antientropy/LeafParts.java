package dev.distcounter.node.antientropy;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts what a replica holds in differing leaves into AE_DIGESTS payloads under
 * {@link AntiEntropyMessages#PAYLOAD_BUDGET}: a leaf too big for one payload is split into parts by
 * offset, each part listing every entry in its offsets (never splitting entries at one position),
 * and the parts together covering the whole leaf, so the receiver learns what the sender lacks.
 * Pure.
 */
final class LeafParts {
    private LeafParts() {}

    /** A range of this replica's and the leaf hashes a peer holds for it. */
    record Differing(RangeTree tree, long[] peerLeaves) {}

    /**
     * The AE_DIGESTS payloads for the leaves of {@code ranges} that differ from the peer's, at
     * most {@code maxFrames}: digests beyond them are not even built (the next exchange sends them).
     */
    static List<LeafDigests> digests(long exchangeId, List<Differing> ranges, int maxFrames) {
        List<LeafDigests.Part> parts = new ArrayList<>();
        long bytes = 0;
        long most = (long) maxFrames * AntiEntropyMessages.PAYLOAD_BUDGET;
        for (Differing range : ranges) {
            for (int leaf : range.tree().differingLeaves(range.peerLeaves())) {
                for (LeafDigests.Part part : of(range.tree(), leaf, AntiEntropyMessages.PAYLOAD_BUDGET)) {
                    if (bytes < most) {
                        parts.add(part);
                        bytes += size(part);
                    }
                }
            }
        }
        List<LeafDigests> messages = pack(exchangeId, parts, AntiEntropyMessages.PAYLOAD_BUDGET);
        return messages.subList(0, Math.min(messages.size(), maxFrames));
    }

    /** The parts of {@code leaf} of {@code tree}, each at most {@code budget} bytes of digests and header. */
    static List<LeafDigests.Part> of(RangeTree tree, int leaf, int budget) {
        List<RangeTree.Entry> entries = tree.entries(leaf);
        List<LeafDigests.Part> parts = new ArrayList<>();
        long low = tree.firstOffset(leaf);
        List<LeafDigests.Digest> digests = new ArrayList<>();
        int bytes = AntiEntropyMessages.PART_HEADER_BYTES;
        for (int i = 0; i < entries.size(); i++) {
            RangeTree.Entry e = entries.get(i);
            LeafDigests.Digest d = new LeafDigests.Digest(e.key(), e.version(), e.deleted());
            int size = AntiEntropyMessages.digestSize(d);
            boolean newPosition = i > 0 && entries.get(i - 1).position() != e.position();
            if (!digests.isEmpty() && newPosition && bytes + size > budget) {
                long high = tree.range().offset(e.position()) - 1;
                parts.add(part(tree, leaf, low, high, digests));
                low = high + 1;
                digests = new ArrayList<>();
                bytes = AntiEntropyMessages.PART_HEADER_BYTES;
            }
            digests.add(d);
            bytes += size;
        }
        parts.add(part(tree, leaf, low, tree.lastOffset(leaf), digests));
        return parts;
    }

    private static LeafDigests.Part part(
            RangeTree tree, int leaf, long low, long high, List<LeafDigests.Digest> digests) {
        return new LeafDigests.Part(tree.range().start(), tree.range().end(), leaf, low, high, digests);
    }

    /** {@code parts} packed into messages of at most {@code budget} bytes and MAX_PARTS parts each. */
    static List<LeafDigests> pack(long exchangeId, List<LeafDigests.Part> parts, int budget) {
        List<LeafDigests> messages = new ArrayList<>();
        List<LeafDigests.Part> current = new ArrayList<>();
        int bytes = 12;
        for (LeafDigests.Part p : parts) {
            int size = size(p);
            if (!current.isEmpty() && (bytes + size > budget || current.size() == AntiEntropyMessages.MAX_PARTS)) {
                messages.add(new LeafDigests(exchangeId, current));
                current = new ArrayList<>();
                bytes = 12;
            }
            current.add(p);
            bytes += size;
        }
        if (!current.isEmpty()) {
            messages.add(new LeafDigests(exchangeId, current));
        }
        return messages;
    }

    static int size(LeafDigests.Part p) {
        int size = AntiEntropyMessages.PART_HEADER_BYTES;
        for (LeafDigests.Digest d : p.digests()) {
            size += AntiEntropyMessages.digestSize(d);
        }
        return size;
    }
}

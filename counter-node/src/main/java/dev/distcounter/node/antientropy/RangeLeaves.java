package dev.distcounter.node.antientropy;

import java.util.List;

/**
 * AE_LEAVES (37): the answer to {@link RangeRoots}, the leaf hashes of each range whose root
 * differed. The opener answers with the digests of the leaves that differ ({@link LeafDigests}).
 * Binary form: {@link AntiEntropyMessages}.
 *
 * @param exchangeId the exchange's id
 * @param ranges     at most {@link AntiEntropyMessages#MAX_LEAF_RANGES} ranges
 */
public record RangeLeaves(long exchangeId, List<Leaves> ranges) {
    public RangeLeaves {
        ranges = List.copyOf(ranges);
        AntiEntropyMessages.checkCount("ranges", ranges.size(), AntiEntropyMessages.MAX_LEAF_RANGES);
    }

    /** A range and its {@value RangeTree#LEAVES} leaf hashes, in order. */
    public record Leaves(long start, long end, long[] hashes) {
        public Leaves {
            if (hashes.length != RangeTree.LEAVES) {
                throw new IllegalArgumentException("a range has " + RangeTree.LEAVES + " leaves, not " + hashes.length);
            }
            hashes = hashes.clone();
        }

        @Override
        public long[] hashes() {
            return hashes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Leaves other
                    && start == other.start
                    && end == other.end
                    && java.util.Arrays.equals(hashes, other.hashes);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(end) + java.util.Arrays.hashCode(hashes);
        }
    }
}

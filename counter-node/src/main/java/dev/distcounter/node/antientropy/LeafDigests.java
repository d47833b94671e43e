package dev.distcounter.node.antientropy;

import dev.distcounter.node.kv.Version;
import java.util.List;

/**
 * AE_DIGESTS (38): the opener's keys and versions in leaves that differ. Each part covers the
 * offsets {@code low..high} in the range (unsigned, inclusive; offset 0 is the position after the
 * range's start) of one leaf and lists every key the sender
 * holds there, so the receiver can tell what the sender lacks as well as what is older. The
 * receiver pushes what it holds newer or alone (KV_WRITE) and asks for the rest
 * ({@link WantedKeys}). Binary form: {@link AntiEntropyMessages}.
 *
 * @param exchangeId the exchange's id
 * @param parts      at most {@link AntiEntropyMessages#MAX_PARTS}
 */
public record LeafDigests(long exchangeId, List<Part> parts) {
    public LeafDigests {
        parts = List.copyOf(parts);
        AntiEntropyMessages.checkCount("parts", parts.size(), AntiEntropyMessages.MAX_PARTS);
    }

    /** Every key the sender holds at offsets {@code low..high} of leaf {@code leaf} of a range. */
    public record Part(long start, long end, int leaf, long low, long high, List<Digest> digests) {
        public Part {
            if (leaf < 0 || leaf >= RangeTree.LEAVES) {
                throw new IllegalArgumentException("leaf " + leaf + " outside 0.." + (RangeTree.LEAVES - 1));
            }
            if (Long.compareUnsigned(low, high) > 0) {
                throw new IllegalArgumentException(
                        "offsets from " + Long.toUnsignedString(low) + " down to " + Long.toUnsignedString(high));
            }
            digests = List.copyOf(digests);
        }

        boolean covers(long offset) {
            return Long.compareUnsigned(offset, low) >= 0 && Long.compareUnsigned(offset, high) <= 0;
        }
    }

    /** A key, the version held, and whether it is a tombstone. */
    public record Digest(String key, Version version, boolean deleted) {
        public Digest {
            AntiEntropyMessages.checkKey(key);
        }
    }
}

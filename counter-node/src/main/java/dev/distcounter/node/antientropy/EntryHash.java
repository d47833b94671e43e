package dev.distcounter.node.antientropy;

import dev.distcounter.node.kv.Version;

/**
 * The 64-bit hash of one held entry, (key, version, tombstone or value), that a {@link RangeTree}
 * sums into its leaves. Stable: the same on every node, JVM and run (FNV-1a over the key's and
 * the writer's UTF-16 code units and the numbers, each text preceded by its length so no two
 * entries feed the same sequence, then MurmurHash3's 64-bit finalizer to spread the bits). A
 * version is unique to one write, so the value itself need not be hashed. Not a cryptographic
 * hash: two replicas that differ only in entries whose sums collide would look in sync; with 64
 * bits that is left to chance, not to an adversary who can choose keys and versions.
 */
final class EntryHash {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private EntryHash() {}

    static long of(String key, Version version, boolean deleted) {
        long h = FNV_OFFSET;
        h = text(h, key);
        h = number(h, version.counter());
        h = text(h, version.writer());
        h = number(h, version.stamp());
        h = number(h, deleted ? 1 : 0);
        return mix(h);
    }

    /** MurmurHash3's fmix64: every input bit affects every output bit. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static long text(long h, String s) {
        h = number(h, s.length());
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return h;
    }

    private static long number(long h, long n) {
        for (int shift = 0; shift < Long.SIZE; shift += Byte.SIZE) {
            h = (h ^ ((n >>> shift) & 0xff)) * FNV_PRIME;
        }
        return h;
    }
}

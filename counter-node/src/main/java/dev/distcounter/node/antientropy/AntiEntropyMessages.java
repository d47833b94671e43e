package dev.distcounter.node.antientropy;

import dev.distcounter.node.kv.KeyLimits;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.VersionedCodec;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The payloads of the anti-entropy frames (docs/protocol.md, "Anti-entropy payloads"). Big-endian;
 * "key" and "version" are {@link VersionedCodec}'s forms.
 *
 * <table>
 *   <caption>Payloads</caption>
 *   <tr><th>type</th><th>payload</th></tr>
 *   <tr><td>AE_ROOTS (36)</td><td>i64 exchange id, u32 n (&le; 4096), n × (i64 start, i64 end, i64 root)</td></tr>
 *   <tr><td>AE_LEAVES (37)</td><td>i64 exchange id, u32 n (&le; 1024), n × (i64 start, i64 end, 64 × i64 leaf)</td></tr>
 *   <tr><td>AE_DIGESTS (38)</td><td>i64 exchange id, u32 parts (&le; 4096), parts × (i64 start, i64 end, u8
 *       leaf (&lt; 64), i64 low, i64 high, u32 n, n × (key, u8 tombstone 0|1, version))</td></tr>
 *   <tr><td>AE_WANT (39)</td><td>i64 exchange id, u32 n (&le; 8192), n × key</td></tr>
 *   <tr><td>KV_PURGE (40)</td><td>u32 n (&le; 8192), n × (key, version)</td></tr>
 * </table>
 *
 * A sender keeps every payload under {@link #PAYLOAD_BUDGET} bytes (half the frame limit), splitting
 * into more frames. Decoding refuses a count above its bound or above what the bytes left could
 * hold (so nothing is allocated for a lie), a truncated payload, trailing bytes, a leaf out of range,
 * a key beyond {@link KeyLimits} and malformed UTF-8, with an {@link IllegalArgumentException}
 * naming the message and the reason.
 */
public final class AntiEntropyMessages {
    public static final int MAX_RANGES = 4096;
    public static final int MAX_LEAF_RANGES = 1024;
    public static final int MAX_PARTS = 4096;
    public static final int MAX_KEYS = 8192;
    /** What a sender puts in one payload at most: well under the 1 MiB + 64 KiB frame limit. */
    public static final int PAYLOAD_BUDGET = 512 * 1024;

    private static final int MIN_KEY_BYTES = 3;
    private static final int MIN_VERSION_BYTES = 8 + 1 + 1 + 8;
    static final int PART_HEADER_BYTES = 8 + 8 + 1 + 8 + 8 + 4;

    private AntiEntropyMessages() {}

    public static byte[] encode(RangeRoots m) {
        ByteBuffer out = ByteBuffer.allocate(12 + 24 * m.roots().size());
        out.putLong(m.exchangeId()).putInt(m.roots().size());
        m.roots().forEach(r -> out.putLong(r.start()).putLong(r.end()).putLong(r.root()));
        return out.array();
    }

    public static RangeRoots decodeRoots(byte[] payload) {
        return decode("AE_ROOTS", payload, in -> {
            long id = in.getLong();
            int n = count(in, "ranges", MAX_RANGES, 24);
            List<RangeRoots.Root> roots = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                roots.add(new RangeRoots.Root(in.getLong(), in.getLong(), in.getLong()));
            }
            return new RangeRoots(id, roots);
        });
    }

    public static byte[] encode(RangeLeaves m) {
        ByteBuffer out = ByteBuffer.allocate(12 + leavesSize() * m.ranges().size());
        out.putLong(m.exchangeId()).putInt(m.ranges().size());
        for (RangeLeaves.Leaves r : m.ranges()) {
            out.putLong(r.start()).putLong(r.end());
            for (long h : r.hashes()) {
                out.putLong(h);
            }
        }
        return out.array();
    }

    static int leavesSize() {
        return 16 + 8 * RangeTree.LEAVES;
    }

    public static RangeLeaves decodeLeaves(byte[] payload) {
        return decode("AE_LEAVES", payload, in -> {
            long id = in.getLong();
            int n = count(in, "ranges", MAX_LEAF_RANGES, leavesSize());
            List<RangeLeaves.Leaves> ranges = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long start = in.getLong();
                long end = in.getLong();
                long[] hashes = new long[RangeTree.LEAVES];
                for (int l = 0; l < hashes.length; l++) {
                    hashes[l] = in.getLong();
                }
                ranges.add(new RangeLeaves.Leaves(start, end, hashes));
            }
            return new RangeLeaves(id, ranges);
        });
    }

    /** Bytes one digest takes in an AE_DIGESTS payload. */
    static int digestSize(LeafDigests.Digest d) {
        return VersionedCodec.keySize(VersionedCodec.utf8(d.key())) + 1 + VersionedCodec.versionSize(d.version());
    }

    public static byte[] encode(LeafDigests m) {
        int size = 12;
        for (LeafDigests.Part p : m.parts()) {
            size += PART_HEADER_BYTES;
            for (LeafDigests.Digest d : p.digests()) {
                size += digestSize(d);
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putLong(m.exchangeId()).putInt(m.parts().size());
        for (LeafDigests.Part p : m.parts()) {
            out.putLong(p.start())
                    .putLong(p.end())
                    .put((byte) p.leaf())
                    .putLong(p.low())
                    .putLong(p.high());
            out.putInt(p.digests().size());
            for (LeafDigests.Digest d : p.digests()) {
                VersionedCodec.writeKey(out, VersionedCodec.utf8(d.key()));
                out.put((byte) (d.deleted() ? 1 : 0));
                VersionedCodec.writeVersion(out, d.version());
            }
        }
        return out.array();
    }

    public static LeafDigests decodeDigests(byte[] payload) {
        return decode("AE_DIGESTS", payload, in -> {
            long id = in.getLong();
            int parts = count(in, "parts", MAX_PARTS, PART_HEADER_BYTES);
            List<LeafDigests.Part> read = new ArrayList<>(parts);
            for (int i = 0; i < parts; i++) {
                long start = in.getLong();
                long end = in.getLong();
                int leaf = Byte.toUnsignedInt(in.get());
                long low = in.getLong();
                long high = in.getLong();
                int n = count(in, "digests", Integer.MAX_VALUE, MIN_KEY_BYTES + 1 + MIN_VERSION_BYTES);
                List<LeafDigests.Digest> digests = new ArrayList<>(n);
                for (int d = 0; d < n; d++) {
                    String key = VersionedCodec.readKey(in);
                    int tombstone = Byte.toUnsignedInt(in.get());
                    if (tombstone > 1) {
                        throw new IllegalArgumentException("tombstone flag " + tombstone + ": 0 or 1");
                    }
                    digests.add(new LeafDigests.Digest(key, VersionedCodec.readVersion(in), tombstone == 1));
                }
                read.add(new LeafDigests.Part(start, end, leaf, low, high, digests));
            }
            return new LeafDigests(id, read);
        });
    }

    public static byte[] encode(WantedKeys m) {
        List<byte[]> keys = m.keys().stream().map(VersionedCodec::utf8).toList();
        ByteBuffer out = ByteBuffer.allocate(
                12 + keys.stream().mapToInt(VersionedCodec::keySize).sum());
        out.putLong(m.exchangeId()).putInt(keys.size());
        keys.forEach(k -> VersionedCodec.writeKey(out, k));
        return out.array();
    }

    public static WantedKeys decodeWanted(byte[] payload) {
        return decode("AE_WANT", payload, in -> {
            long id = in.getLong();
            int n = count(in, "keys", MAX_KEYS, MIN_KEY_BYTES);
            List<String> keys = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                keys.add(VersionedCodec.readKey(in));
            }
            return new WantedKeys(id, keys);
        });
    }

    /** Bytes one purge takes in a KV_PURGE payload. */
    static int purgeSize(TombstonePurges.Purge p) {
        return VersionedCodec.keySize(VersionedCodec.utf8(p.key())) + VersionedCodec.versionSize(p.version());
    }

    public static byte[] encode(TombstonePurges m) {
        ByteBuffer out = ByteBuffer.allocate(
                4 + m.purges().stream().mapToInt(AntiEntropyMessages::purgeSize).sum());
        out.putInt(m.purges().size());
        for (TombstonePurges.Purge p : m.purges()) {
            VersionedCodec.writeKey(out, VersionedCodec.utf8(p.key()));
            VersionedCodec.writeVersion(out, p.version());
        }
        return out.array();
    }

    public static TombstonePurges decodePurges(byte[] payload) {
        return decode("KV_PURGE", payload, in -> {
            int n = count(in, "purges", MAX_KEYS, MIN_KEY_BYTES + MIN_VERSION_BYTES);
            List<TombstonePurges.Purge> purges = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String key = VersionedCodec.readKey(in);
                Version version = VersionedCodec.readVersion(in);
                purges.add(new TombstonePurges.Purge(key, version));
            }
            return new TombstonePurges(purges);
        });
    }

    /** A u32 count, refused above {@code max} or above what the bytes left could hold. */
    private static int count(ByteBuffer in, String what, int max, int minBytesEach) {
        long n = Integer.toUnsignedLong(in.getInt());
        if (n > max) {
            throw new IllegalArgumentException(n + " " + what + ", at most " + max);
        }
        if (n * minBytesEach > in.remaining()) {
            throw new IllegalArgumentException(n + " " + what + " cannot fit in the " + in.remaining() + " bytes left");
        }
        return (int) n;
    }

    private static <T> T decode(String what, byte[] payload, Function<ByteBuffer, T> read) {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            T message = read.apply(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes: " + in.remaining() + " after the end");
            }
            return message;
        } catch (BufferUnderflowException truncated) {
            throw new IllegalArgumentException(
                    "malformed " + what + " (" + payload.length + " bytes): truncated", truncated);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException(
                    "malformed " + what + " (" + payload.length + " bytes): " + malformed.getMessage(), malformed);
        }
    }

    static void checkCount(String what, int n, int max) {
        if (n > max) {
            throw new IllegalArgumentException(n + " " + what + ", at most " + max);
        }
    }

    static void checkKey(String key) {
        String problem = KeyLimits.keyProblem(key);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}

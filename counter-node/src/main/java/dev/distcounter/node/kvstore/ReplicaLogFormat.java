package dev.distcounter.node.kvstore;

import dev.distcounter.node.kv.KeyLimits;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kv.VersionedCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The replica's records and snapshots inside its own write-ahead log (the log itself, and these
 * tables, are in {@code docs/wal-format.md}, "The replica log"). Keys and held values have the
 * binary form of {@link VersionedCodec}. A record is idempotent under "the greater version wins":
 * replaying it twice, out of order, or over a snapshot that already holds it or something newer
 * changes nothing, so any replay of the same records gives the same map.
 *
 * <pre>
 * type 1 PUT   a key now holds this (or something newer):  key | held (kind 1 value or 2 tombstone)
 * snapshot     version u8 (1) | entry count u32 | that many times: key | held
 * </pre>
 * Codes are append-only.
 */
public final class ReplicaLogFormat {
    private ReplicaLogFormat() {}

    public static final byte PUT = 1;
    static final byte SNAPSHOT_VERSION = 1;

    /** Room for the largest record: a 1 MiB value with the largest key and version, and slack. */
    public static final int MAX_RECORD_BYTES = KeyLimits.MAX_VALUE_BYTES + 16 * 1024;

    /** The most a snapshot can hold: it is one byte array, and the log reads it back as one. */
    static final int MAX_SNAPSHOT_BYTES = Integer.MAX_VALUE - 64;

    private static final int SNAPSHOT_HEADER = 1 + Integer.BYTES;

    /** A one-byte key's tombstone from a one-byte writer. */
    private static final int SMALLEST_ENTRY = 2 + 1 + 1 + 8 + 1 + 1 + 8;

    /** A PUT record's payload. */
    static byte[] put(String key, Versioned held) {
        byte[] utf8Key = VersionedCodec.utf8(key);
        ByteBuffer out = ByteBuffer.allocate(VersionedCodec.keySize(utf8Key) + VersionedCodec.heldSize(held));
        VersionedCodec.writeKey(out, utf8Key);
        VersionedCodec.writeHeld(out, held);
        return out.array();
    }

    /**
     * Reads a PUT record's payload into {@code into}.
     *
     * @throws IllegalArgumentException the payload is not one key and one held value
     */
    static void readPut(ByteBuffer payload, HeldReader reader, BiConsumer<String, Versioned> into) {
        String key = reader.key(payload);
        Versioned held = reader.held(payload);
        if (payload.hasRemaining()) {
            throw new IllegalArgumentException(payload.remaining() + " bytes after the held value");
        }
        into.accept(key, held);
    }

    /**
     * A snapshot of {@code entries}, in an array of exactly its size (the log writes the whole
     * array). The map may change while this runs (see {@link ReplicaStore}'s snapshot for why
     * that is fine): the entries are first collected with their sizes, then encoded, so the
     * count and the size agree with what is written.
     *
     * @throws IOException the entries do not fit in one snapshot ({@value #MAX_SNAPSHOT_BYTES} bytes)
     */
    static byte[] snapshot(Map<String, Versioned> entries) throws IOException {
        int room = entries.size() + 1024;
        String[] keys = new String[room];
        Versioned[] held = new Versioned[room];
        int count = 0;
        long size = SNAPSHOT_HEADER;
        for (Map.Entry<String, Versioned> e : entries.entrySet()) {
            if (count == keys.length) {
                keys = Arrays.copyOf(keys, count + count / 8 + 1024);
                held = Arrays.copyOf(held, keys.length);
            }
            keys[count] = e.getKey();
            held[count] = e.getValue();
            size += entrySize(e.getKey(), e.getValue());
            count++;
        }
        if (size > MAX_SNAPSHOT_BYTES) {
            throw new IOException("the replica holds " + count + " entries of " + size
                    + " bytes: more than one snapshot can (" + MAX_SNAPSHOT_BYTES + " bytes)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.put(SNAPSHOT_VERSION).putInt(count);
        for (int i = 0; i < count; i++) {
            VersionedCodec.writeKey(out, VersionedCodec.utf8(keys[i]));
            VersionedCodec.writeHeld(out, held[i]);
        }
        if (out.hasRemaining()) {
            throw new IllegalStateException("snapshot sized " + size + " bytes but " + out.position() + " written");
        }
        return out.array();
    }

    /** The bytes {@link VersionedCodec#writeKey} and {@link VersionedCodec#writeHeld} take, without encoding. */
    static long entrySize(String key, Versioned held) {
        long size = 2L + utf8Length(key) + 1 + 8 + 1 + utf8Length(held.version().writer()) + 8;
        return held.deleted() ? size : size + 4 + utf8Length(held.value());
    }

    /**
     * The length of {@code s.getBytes(UTF_8)}, without making the array: 1 to 3 bytes a char, 4
     * for a surrogate pair, and 1 for a lone surrogate (which the encoder replaces with '?').
     */
    static int utf8Length(String s) {
        int bytes = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Reads a snapshot, handing every entry to {@code into}; returns the count.
     *
     * @throws IllegalArgumentException the snapshot is malformed
     */
    static int readSnapshot(ByteBuffer in, HeldReader reader, BiConsumer<String, Versioned> into) {
        if (in.remaining() < SNAPSHOT_HEADER || in.get() != SNAPSHOT_VERSION) {
            throw new IllegalArgumentException("unknown snapshot format");
        }
        int count = in.getInt();
        if (count < 0) {
            throw new IllegalArgumentException("entry count " + Integer.toUnsignedLong(count) + " out of range");
        }
        for (int i = 0; i < count; i++) {
            String key = reader.key(in);
            Versioned held = reader.held(in);
            into.accept(key, held);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes after the " + count + " entries");
        }
        return count;
    }

    /**
     * The entry count a snapshot says it holds, to size the map before reading it; never more
     * than its bytes could hold, so a damaged count cannot ask for a huge map.
     */
    static int snapshotCount(ByteBuffer in) {
        if (in.remaining() < SNAPSHOT_HEADER) {
            return 0;
        }
        int said = in.getInt(in.position() + 1);
        return Math.max(0, Math.min(said, (in.remaining() - SNAPSHOT_HEADER) / SMALLEST_ENTRY));
    }
}

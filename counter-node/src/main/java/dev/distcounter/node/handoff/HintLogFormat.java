package dev.distcounter.node.handoff;

import dev.distcounter.node.kv.KeyLimits;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.VersionedCodec;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The hint log's records and snapshots (tables in {@code docs/wal-format.md}, "The hint log").
 * Targets and keys have the key form of {@link VersionedCodec} (u16 length, UTF-8), writes its
 * held form, versions its version form. Replaying the records in order into a
 * {@link HintQueues} gives back the queues that wrote them: adds replace older hints and drop
 * the oldest past the bounds exactly as they did live, and every removal is logged.
 *
 * <pre>
 * type 1 ADD     target | key | write (held: kind 1 value or 2 tombstone) | recordedAt i64
 * type 2 REMOVE  target | key | version: the hint is gone (delivered, expired or dropped)
 *                unless the one held is newer than this version
 * snapshot       version u8 (1) | hint count u32 | that many times: target | key | write | recordedAt i64
 * </pre>
 * Codes are append-only.
 */
final class HintLogFormat {
    private HintLogFormat() {}

    static final byte ADD = 1;
    static final byte REMOVE = 2;
    static final byte SNAPSHOT_VERSION = 1;

    /** The largest ADD: a 1 MiB value, the largest key and target, and slack. */
    static final int MAX_RECORD_BYTES = KeyLimits.MAX_VALUE_BYTES + 16 * 1024;

    static byte[] add(Hint hint) {
        byte[] target = VersionedCodec.utf8(hint.target());
        byte[] key = VersionedCodec.utf8(hint.key());
        ByteBuffer out = ByteBuffer.allocate(VersionedCodec.keySize(target)
                + VersionedCodec.keySize(key)
                + VersionedCodec.heldSize(hint.write())
                + Long.BYTES);
        writeHint(out, target, key, hint);
        return out.array();
    }

    static byte[] remove(String target, String key, Version version) {
        byte[] t = VersionedCodec.utf8(target);
        byte[] k = VersionedCodec.utf8(key);
        ByteBuffer out = ByteBuffer.allocate(
                VersionedCodec.keySize(t) + VersionedCodec.keySize(k) + VersionedCodec.versionSize(version));
        VersionedCodec.writeKey(out, t);
        VersionedCodec.writeKey(out, k);
        VersionedCodec.writeVersion(out, version);
        return out.array();
    }

    static byte[] snapshot(List<Hint> hints) {
        int size = 1 + Integer.BYTES;
        for (Hint hint : hints) {
            size += add(hint).length; // hints are few and small next to a replica's keys: clarity over speed
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(SNAPSHOT_VERSION).putInt(hints.size());
        for (Hint hint : hints) {
            writeHint(out, VersionedCodec.utf8(hint.target()), VersionedCodec.utf8(hint.key()), hint);
        }
        return out.array();
    }

    private static void writeHint(ByteBuffer out, byte[] target, byte[] key, Hint hint) {
        VersionedCodec.writeKey(out, target);
        VersionedCodec.writeKey(out, key);
        VersionedCodec.writeHeld(out, hint.write());
        out.putLong(hint.recordedAt());
    }

    /**
     * Applies one record to {@code into}.
     *
     * @throws IllegalArgumentException the record is malformed or of an unknown type
     */
    static void apply(byte type, ByteBuffer payload, HintQueues into) {
        switch (type) {
            case ADD -> {
                var unused = into.add(readHint(payload));
            }
            case REMOVE -> {
                String target = VersionedCodec.readKey(payload);
                String key = VersionedCodec.readKey(payload);
                var unused = into.remove(target, key, VersionedCodec.readVersion(payload));
            }
            default -> throw new IllegalArgumentException("unknown record type " + type);
        }
        if (payload.hasRemaining()) {
            throw new IllegalArgumentException(payload.remaining() + " bytes after the record");
        }
    }

    /** Reads a snapshot into {@code into}. @throws IllegalArgumentException it is malformed */
    static void readSnapshot(ByteBuffer in, HintQueues into) {
        if (in.remaining() < 1 + Integer.BYTES || in.get() != SNAPSHOT_VERSION) {
            throw new IllegalArgumentException("unknown snapshot format");
        }
        int count = in.getInt();
        if (count < 0) {
            throw new IllegalArgumentException("hint count " + Integer.toUnsignedLong(count) + " out of range");
        }
        for (int i = 0; i < count; i++) {
            var unused = into.add(readHint(in));
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes after the " + count + " hints");
        }
    }

    private static Hint readHint(ByteBuffer in) {
        String target = VersionedCodec.readKey(in);
        String key = VersionedCodec.readKey(in);
        var write = VersionedCodec.readHeld(in);
        if (write == null) {
            throw new IllegalArgumentException("a hint without a write");
        }
        if (in.remaining() < Long.BYTES) {
            throw new IllegalArgumentException("recordedAt cut short");
        }
        return new Hint(target, key, write, in.getLong());
    }
}

package dev.distcounter.node.storage;

import dev.distcounter.node.crdt.CounterCodec;
import dev.distcounter.node.crdt.CounterFormatException;
import dev.distcounter.node.crdt.PNCounter;
import java.nio.ByteBuffer;

/**
 * The node's records and snapshots inside the write-ahead log (the log itself is described in
 * {@code docs/wal-format.md}). Every record is idempotent: it says "these entries are now at
 * least this", so replaying a record twice, or one whose effect a snapshot already holds,
 * changes nothing.
 *
 * <pre>
 * type 1 LOCAL        an increment or decrement here: CounterCodec state with this replica's entry
 * type 2 MERGE        entries a merge raised:         CounterCodec state with the changed entries
 * type 3 INCARNATION  a process start:                incarnation i64
 * snapshot            version u8 (1) | last incarnation i64 | CounterCodec state
 * </pre>
 * Codes are append-only.
 */
public final class CounterLogFormat {
    private CounterLogFormat() {}

    public static final byte LOCAL = 1;
    public static final byte MERGE = 2;
    public static final byte INCARNATION = 3;
    static final byte SNAPSHOT_VERSION = 1;

    static byte[] incarnation(long incarnation) {
        return ByteBuffer.allocate(Long.BYTES).putLong(incarnation).array();
    }

    static byte[] snapshot(long lastIncarnation, PNCounter state) {
        byte[] counter = CounterCodec.encode(state);
        return ByteBuffer.allocate(1 + Long.BYTES + counter.length)
                .put(SNAPSHOT_VERSION)
                .putLong(lastIncarnation)
                .put(counter)
                .array();
    }

    /** What a snapshot holds. */
    record Snapshot(long lastIncarnation, PNCounter state) {}

    static Snapshot readSnapshot(ByteBuffer bytes) throws CounterFormatException {
        if (bytes.remaining() < 1 + Long.BYTES || bytes.get() != SNAPSHOT_VERSION) {
            throw new CounterFormatException("unknown snapshot format");
        }
        long incarnation = bytes.getLong();
        PNCounter state = CounterCodec.decode(bytes);
        if (bytes.hasRemaining()) {
            throw new CounterFormatException(bytes.remaining() + " bytes after the snapshot state");
        }
        return new Snapshot(incarnation, state);
    }
}

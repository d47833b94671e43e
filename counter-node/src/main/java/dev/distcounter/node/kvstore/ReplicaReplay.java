package dev.distcounter.node.kvstore;

import dev.distcounter.node.kv.Versioned;
import dev.distcounter.wal.ReplayHandler;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds a replica's map from its snapshot and records: the greater version of a key wins,
 * whatever the order. The first thing it cannot read is kept as {@link #error()} and the rest of
 * the log is ignored (the store then refuses to open).
 */
final class ReplicaReplay implements ReplayHandler {
    private final HeldReader reader = new HeldReader();
    private ConcurrentHashMap<String, Versioned> entries = new ConcurrentHashMap<>();
    private long valueBytes;
    private String error;

    @Override
    public void onSnapshot(long coveredSequence, ByteBuffer state) {
        // Sized for the snapshot at once: no rehashing while a million entries go in.
        entries = new ConcurrentHashMap<>(Math.max(16, ReplicaLogFormat.snapshotCount(state)));
        valueBytes = 0;
        try {
            ReplicaLogFormat.readSnapshot(state, reader, this::keepNewer);
        } catch (RuntimeException e) {
            error = "snapshot covering sequence " + coveredSequence + ": " + e.getMessage();
        }
    }

    @Override
    public void onRecord(long sequence, byte type, ByteBuffer payload) {
        if (error != null) {
            return;
        }
        try {
            if (type != ReplicaLogFormat.PUT) {
                throw new IllegalArgumentException("unknown record type " + type);
            }
            ReplicaLogFormat.readPut(payload, reader, this::keepNewer);
        } catch (RuntimeException e) {
            error = "record " + sequence + ": " + e.getMessage();
        }
    }

    private void keepNewer(String key, Versioned incoming) {
        Versioned held = entries.get(key);
        if (incoming.supersedes(held)) {
            entries.put(key, incoming);
            valueBytes += ReplicaStore.valueBytesOf(key, incoming) - ReplicaStore.valueBytesOf(key, held);
        }
    }

    ConcurrentHashMap<String, Versioned> entries() {
        return entries;
    }

    /** {@link ReplicaStore#valueBytes()} of the rebuilt map. */
    long valueBytes() {
        return valueBytes;
    }

    /** What could not be read, or null. */
    String error() {
        return error;
    }
}

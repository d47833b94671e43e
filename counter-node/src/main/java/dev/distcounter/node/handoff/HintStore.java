package dev.distcounter.node.handoff;

import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.storage.LoggedStore;
import dev.distcounter.node.storage.StorageConfig;
import dev.distcounter.wal.WalConfig;
import dev.distcounter.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hints this node keeps as a coordinator for replicas that missed writes ({@link HintQueues}
 * for the rules: one per (target, key), the newest version; bounded per target, oldest dropped
 * first), durable in a write-ahead log of their own ({@code hints/} beside the replica store's
 * {@code kv/}), or in memory only with {@code --wal=false}.
 *
 * <p>Every change is appended as a record (an add, or a removal for a hint delivered, expired
 * or dropped), and a snapshot of every hint is written once enough records accumulated, so the
 * log does not grow without end. Records are appended <i>relaxed</i> (not forced one by one):
 * a hint lost in a power failure costs only what a hint saves, a replica that stays behind
 * until a read repairs it; it never loses an acknowledged write, which W replicas hold.
 *
 * <p>Thread-safe (every method holds the store's lock); in practice called from the node's
 * scheduler thread, and {@link #pending()} from a gauge.
 */
public final class HintStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HintStore.class);

    /** The log's directory inside the node's WAL directory. */
    public static final String SUBDIRECTORY = "hints";

    private final HintConfig config;
    private final HintQueues queues;
    private final WriteAheadLog wal; // null: in memory
    private final long snapshotEvery;
    private final boolean volatileCopies;
    private boolean warnedLogFailure;

    /** What {@link #record} did: whether the hint is kept, and the oldest hints dropped to make room. */
    public record Recorded(boolean kept, List<Hint> droppedFull) {}

    /** What {@link #hold} did with a write a stand-in of a sloppy quorum was asked to keep. */
    public enum Held {
        /** Kept, and on disk (or in a store that stands for a durable one): it may be acknowledged. */
        DURABLE,
        /** Kept in memory only ({@code --wal=false}): it dies with the process, so it is no acknowledgement. */
        VOLATILE,
        /** Refused: the target's hints are at their bound, and an acknowledged write is never dropped for room. */
        FULL,
        /** Refused: the log failed or is closed. */
        FAILED
    }

    private HintStore(
            HintConfig config, HintQueues queues, WriteAheadLog wal, long snapshotEvery, boolean volatileCopies) {
        this.config = config;
        this.queues = queues;
        this.wal = wal;
        this.snapshotEvery = snapshotEvery;
        this.volatileCopies = volatileCopies;
    }

    /**
     * Hints without a log that stand for durable ones: for simulations and tests, whose
     * "processes" never lose memory they did not choose to lose.
     */
    public static HintStore inMemory(HintConfig config) {
        return new HintStore(config, new HintQueues(config), null, 0, false);
    }

    /** Hints of a node started with {@code --wal=false}: they die with its process. */
    public static HintStore volatileInMemory(HintConfig config) {
        return new HintStore(config, new HintQueues(config), null, 0, true);
    }

    /** Where the hint log of a node with {@code storage} lives. */
    public static Path directory(StorageConfig storage) {
        return storage.dir().resolve(SUBDIRECTORY);
    }

    /**
     * Opens (recovering) the hint log in {@link #directory}, with the node's fsync, segment size,
     * snapshot interval and repair settings.
     *
     * @throws IOException the log cannot be opened or holds something this node cannot read
     */
    public static HintStore open(StorageConfig storage, HintConfig config) throws IOException {
        Path dir = directory(storage);
        WalConfig walConfig = WalConfig.defaults(dir)
                .withFsync(storage.fsync())
                .withMaxSegmentBytes(storage.maxSegmentBytes())
                .withMaxRecordBytes(HintLogFormat.MAX_RECORD_BYTES)
                .withRepair(storage.repair());
        Replay replay = new Replay(config);
        WriteAheadLog wal = WriteAheadLog.open(walConfig, replay);
        if (replay.error != null) {
            wal.close();
            throw new IOException(
                    "WAL " + dir + " holds a hint record or snapshot this node cannot read: " + replay.error);
        }
        return new HintStore(config, replay.queues, wal, storage.snapshotEvery(), false);
    }

    /** Rebuilds the queues: the snapshot's hints, then every record after it, in order. */
    private static final class Replay implements dev.distcounter.wal.ReplayHandler {
        private final HintConfig config;
        HintQueues queues;
        String error;

        Replay(HintConfig config) {
            this.config = config;
            this.queues = new HintQueues(config);
        }

        @Override
        public void onSnapshot(long coveredSequence, ByteBuffer state) {
            queues = new HintQueues(config);
            try {
                HintLogFormat.readSnapshot(state, queues);
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
                HintLogFormat.apply(type, payload, queues);
            } catch (RuntimeException e) {
                error = "record " + sequence + ": " + e.getMessage();
            }
        }
    }

    public HintConfig config() {
        return config;
    }

    /** Keeps {@code write} for {@code target}, unless a hint as new is already kept for its key. */
    public synchronized Recorded record(String target, String key, Versioned write, long now) {
        Hint hint = new Hint(target, key, write, now);
        HintQueues.Added added = queues.add(hint);
        if (added.kept()) {
            append(HintLogFormat.ADD, HintLogFormat.add(hint));
        }
        added.droppedFull().forEach(this::logRemoval);
        return new Recorded(added.kept(), added.droppedFull());
    }

    /**
     * Keeps {@code write} for {@code target} as a stand-in of a sloppy quorum: unlike
     * {@link #record}, the hint is refused rather than kept by dropping older ones, and the
     * future completes once its record is forced to disk (with the node's fsync setting), since
     * the coordinator counts it as an acknowledgement.
     */
    public synchronized CompletableFuture<Held> hold(String target, String key, Versioned write, long now) {
        Hint hint = new Hint(target, key, write, now);
        if (!queues.hasRoom(hint)) {
            return CompletableFuture.completedFuture(Held.FULL);
        }
        HintQueues.Added added = queues.add(hint);
        if (wal == null) {
            return CompletableFuture.completedFuture(volatileCopies ? Held.VOLATILE : Held.DURABLE);
        }
        try {
            // Kept already (as new): its earlier record may have been appended relaxed.
            CompletableFuture<?> durable =
                    added.kept() ? wal.append(HintLogFormat.ADD, HintLogFormat.add(hint)) : wal.sync();
            return durable.handle((done, failure) -> failure == null ? Held.DURABLE : Held.FAILED);
        } catch (RuntimeException e) { // closed: the node is stopping
            return CompletableFuture.completedFuture(Held.FAILED);
        }
    }

    /** Drops the hints older than the window, and returns them. */
    public synchronized List<Hint> expire(long now) {
        List<Hint> expired = queues.olderThan(now - config.window().toMillis());
        for (Hint hint : expired) {
            var unused = queues.remove(hint.target(), hint.key(), hint.write().version());
            logRemoval(hint);
        }
        return expired;
    }

    /**
     * {@code target} holds {@code key} at {@code version} or newer: its hint goes, unless the one
     * kept is newer. Returns whether a hint went.
     */
    public synchronized boolean delivered(String target, String key, Version version) {
        Hint removed = queues.remove(target, key, version);
        if (removed != null) {
            logRemoval(removed);
        }
        return removed != null;
    }

    private void logRemoval(Hint hint) {
        append(
                HintLogFormat.REMOVE,
                HintLogFormat.remove(hint.target(), hint.key(), hint.write().version()));
    }

    private void append(byte type, byte[] payload) {
        if (wal == null) {
            return;
        }
        try {
            var unused = wal.appendRelaxed(type, payload);
        } catch (RuntimeException e) {
            // Closed (the node is stopping) or failed: the hint stays in memory, best effort.
            if (!warnedLogFailure) {
                warnedLogFailure = true;
                log.warn("hint log {}: cannot append ({}); hints are kept in memory only", wal, e.toString());
            }
        }
    }

    /** Up to {@code limit} of {@code target}'s hints, oldest first. */
    public synchronized List<Hint> oldest(String target, int limit) {
        return queues.oldest(target, limit);
    }

    /** Targets with hints, sorted. */
    public synchronized List<String> targets() {
        return queues.targets();
    }

    /** Hints kept, for every target. */
    public synchronized long pending() {
        return queues.pending();
    }

    public synchronized int pending(String target) {
        return queues.pending(target);
    }

    /** Bytes of {@code target}'s hints, as the bound counts them. */
    public synchronized long bytes(String target) {
        return queues.bytes(target);
    }

    /** The hint log; empty in memory. */
    public Optional<WriteAheadLog> wal() {
        return Optional.ofNullable(wal);
    }

    /** Writes a snapshot once enough records have accumulated since the last one. */
    public synchronized boolean snapshotIfDue() throws IOException {
        if (wal == null || wal.lastSequence() - wal.lastSnapshotSequence() < snapshotEvery) {
            return false;
        }
        snapshot();
        return true;
    }

    /** Under the lock: every record up to {@code lastSequence()} is already in the queues. */
    private void snapshot() throws IOException {
        wal.writeSnapshot(wal.lastSequence(), HintLogFormat.snapshot(queues.all()));
    }

    /** Snapshots (unless the log failed), then closes the log. */
    @Override
    public synchronized void close() throws IOException {
        if (wal == null) {
            return;
        }
        LoggedStore.closeAfterSnapshot(
                wal, this::snapshot, e -> log.warn("hint log {}: snapshot at shutdown failed: {}", wal, e.toString()));
    }
}

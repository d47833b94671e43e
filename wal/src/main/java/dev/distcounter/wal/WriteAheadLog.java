package dev.distcounter.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A segmented, CRC-checked write-ahead log with group commit and snapshots. The on-disk format
 * is described in {@link WalFormat} and {@code docs/wal-format.md}.
 *
 * <pre>{@code
 * try (WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(dir), handler)) { // replays into handler
 *     long seq = wal.append(TYPE, payload).join();  // durable once this returns
 *     wal.writeSnapshot(wal.lastSequence(), state);  // lets old segments go
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may append concurrently; they share fsyncs.
 *
 * <p>Snapshot contract: a snapshot written with {@code writeSnapshot(s, state)} must include the
 * effect of every record up to {@code s}, and replay will hand over every record after {@code s}.
 * <ul>
 *   <li>If replaying a record whose effect is already in the state is harmless (idempotent
 *       records, such as "entry x is now at least 42"), it is enough to apply each change before
 *       appending it and, for a snapshot, to read {@link #lastSequence()} first and copy the
 *       state after.</li>
 *   <li>Otherwise make "apply and append" and "read lastSequence and copy" mutually exclusive
 *       (for example appenders under a read lock, the snapshot under the write lock), so the
 *       snapshot holds exactly the records up to {@code s}.</li>
 * </ul>
 */
public final class WriteAheadLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteAheadLog.class);

    private final WalConfig config;
    private final WalDirectory dir;
    private final SegmentIndex segments;
    private final GroupCommitWriter writer;
    private final RecoveryReport recovery;
    private final Object snapshotLock = new Object();
    private final NavigableMap<Long, Path> snapshots; // guarded by snapshotLock
    private volatile boolean closed;

    private WriteAheadLog(
            WalConfig config,
            WalDirectory dir,
            SegmentIndex segments,
            GroupCommitWriter writer,
            RecoveryReport recovery,
            NavigableMap<Long, Path> snapshots) {
        this.config = config;
        this.dir = dir;
        this.segments = segments;
        this.writer = writer;
        this.recovery = recovery;
        this.snapshots = snapshots;
    }

    /**
     * Locks the directory, recovers the log (see {@link LogRecovery}) replaying it into
     * {@code handler}, and readies it for appends.
     *
     * @throws WalLockedException     another process has the directory open
     * @throws WalCorruptionException damage in the middle of the log and repair is off
     */
    public static WriteAheadLog open(WalConfig config, ReplayHandler handler) throws IOException {
        WalDirectory dir = WalDirectory.lock(config.dir());
        try {
            LogRecovery.Result result = new LogRecovery(dir, config, handler).recover();
            long last = result.lastSequence();
            SegmentWriter active;
            if (result.activeFirstSequence() >= 0 && result.activeNextSequence() == last + 1) {
                active = SegmentWriter.reopen(
                        result.segments().get(result.activeFirstSequence()),
                        result.activeFirstSequence(),
                        result.activeValidEnd());
            } else {
                // Fresh directory, or the snapshot covers more than the segments hold: the new
                // segment's first sequence marks the jump.
                active = SegmentWriter.create(dir, last + 1, config.forceHook());
            }
            NavigableMap<Long, Path> onDisk = dir.segments();
            SegmentIndex segments = new SegmentIndex(onDisk);
            GroupCommitWriter writer = new GroupCommitWriter(dir, config, segments, active, last);
            RecoveryReport report = new RecoveryReport(
                    result.snapshotSequence(), result.recordsReplayed(), last, onDisk.size(), result.truncations());
            writer.start();
            log.info(
                    "WAL {}: opened (fsync {}), replayed {} record(s) after snapshot {}, last sequence {},"
                            + " {} segment(s)",
                    config.dir(),
                    config.fsync() ? "on" : "off",
                    report.recordsReplayed(),
                    report.snapshotSequence(),
                    last,
                    report.segments());
            return new WriteAheadLog(config, dir, segments, writer, report, dir.snapshots());
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /**
     * Appends a record. The future completes with its sequence number once it is durable: forced
     * to disk with fsync on, written to the OS with fsync off. It fails if the log cannot write
     * (and every later append fails too, see {@link WalFailedException}).
     *
     * @throws IllegalArgumentException the payload is larger than {@link WalConfig#maxRecordBytes()}
     * @throws WalClosedException       the log is closed
     */
    public CompletableFuture<Long> append(byte type, byte[] payload) {
        return writer.append(type, payload, true);
    }

    /**
     * Appends a record that need not be forced before its future completes, even with fsync on:
     * the future completes once the record is written to the OS, and the record reaches the disk
     * with the next batch that is forced, or with the background force within
     * {@link WalConfig#backgroundSyncInterval()}. For records whose loss in a power failure costs
     * nothing but a little repair (the node logs state merged from peers this way: the peers still
     * have it), so they do not add fsyncs of their own.
     */
    public CompletableFuture<Long> appendRelaxed(byte type, byte[] payload) {
        return writer.append(type, payload, false);
    }

    /** Completes once every earlier append is written and forced to disk, even with fsync off. */
    public CompletableFuture<Void> sync() {
        return writer.sync();
    }

    /**
     * Why the log stopped accepting appends (a failed write or force), if it did. Once failed it
     * stays failed: reopen it to recover.
     */
    public java.util.Optional<IOException> failure() {
        return writer.failure();
    }

    /** The sequence number of the latest append (durable or still queued); 0 for an empty log. */
    public long lastSequence() {
        return writer.lastAssigned();
    }

    /** The sequence number the newest snapshot covers, 0 for none. */
    public long lastSnapshotSequence() {
        synchronized (snapshotLock) {
            return snapshots.isEmpty() ? 0 : snapshots.lastKey();
        }
    }

    /**
     * Writes {@code state} as a snapshot covering every record up to {@code coveredSeq}, then
     * deletes what is no longer needed: snapshots beyond the newest {@value WalFormat#SNAPSHOTS_KEPT},
     * and segments every kept snapshot covers (so a damaged newest snapshot can still fall back).
     */
    public void writeSnapshot(long coveredSeq, byte[] state) throws IOException {
        synchronized (snapshotLock) {
            if (closed) {
                throw new WalClosedException(config.dir());
            }
            long last = writer.lastAssigned();
            long newest = snapshots.isEmpty() ? 0 : snapshots.lastKey();
            if (coveredSeq > last || coveredSeq < newest) {
                throw new IllegalArgumentException("snapshot must cover a sequence between the newest snapshot ("
                        + newest + ") and the last append (" + last + "), not " + coveredSeq);
            }
            if (coveredSeq == newest && newest != 0) {
                return;
            }
            snapshots.put(coveredSeq, SnapshotFile.write(dir, coveredSeq, state, config.forceHook()));
            config.observer().snapshotWritten(state.length);
            while (snapshots.size() > WalFormat.SNAPSHOTS_KEPT) {
                Files.deleteIfExists(snapshots.pollFirstEntry().getValue());
            }
            int deleted = 0;
            if (snapshots.size() == WalFormat.SNAPSHOTS_KEPT) {
                for (Path segment : segments.removeCoveredBy(snapshots.firstKey())) {
                    Files.deleteIfExists(segment);
                    deleted++;
                }
            }
            dir.sync();
            log.info(
                    "WAL {}: snapshot covering sequence {} written ({} bytes), {} old segment(s) deleted",
                    config.dir(),
                    coveredSeq,
                    state.length,
                    deleted);
        }
    }

    /** What opening the log found and did. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** Segment files currently on disk. */
    public int segmentCount() {
        return segments.size();
    }

    public WalConfig config() {
        return config;
    }

    /** Writes and forces everything queued, then releases the directory. Idempotent. */
    @Override
    public void close() throws IOException {
        synchronized (snapshotLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            writer.close();
        } finally {
            dir.close();
        }
        log.info("WAL {}: closed at sequence {}", config.dir(), writer.lastAssigned());
    }

    @Override
    public String toString() {
        return "WriteAheadLog[" + config.dir() + "]";
    }
}

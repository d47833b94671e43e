package dev.distcounter.node.storage;

import dev.distcounter.node.crdt.CounterCodec;
import dev.distcounter.node.crdt.CounterFormatException;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.crdt.ReplicaId;
import dev.distcounter.wal.ForceHook;
import dev.distcounter.wal.ReplayHandler;
import dev.distcounter.wal.WalConfig;
import dev.distcounter.wal.WalObserver;
import dev.distcounter.wal.WriteAheadLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's counter state joined to its write-ahead log.
 *
 * <p>Every change is applied to the in-memory state and then appended to the log, under one
 * lock; records are idempotent (see {@link CounterLogFormat}). A snapshot reads the log's last
 * sequence number first and copies the state after, so it always holds at least what the
 * records it covers say. Local changes return a future that completes when durable; merged
 * state from peers is logged too, without waiting (a peer still has it if this node loses it).
 *
 * <p>Incarnation: with a log, each start records a new incarnation
 * {@code max(last recorded + 1, wall clock millis)}, forced to disk before the node serves: never
 * reused, even if the data directory is wiped (as long as the clock does not go back past the
 * previous start). Without a log it is random.
 *
 * <p>Guarantees: docs/guarantees.md §2 and §3.
 */
public final class CounterStore implements LoggedStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CounterStore.class);

    private final ReplicaId self;
    private final WriteAheadLog wal; // null without --wal
    private final long snapshotEvery;
    private final Object lock = new Object();
    private volatile PNCounter state;
    private final VersionWaiters waiters = new VersionWaiters(); // guarded by lock
    private final AtomicBoolean mergeLogFailureReported = new AtomicBoolean();

    private CounterStore(ReplicaId self, PNCounter state, WriteAheadLog wal, long snapshotEvery) {
        this.self = self;
        this.state = state;
        this.wal = wal;
        this.snapshotEvery = snapshotEvery;
    }

    /** A store without a log, for {@code --wal=false} and simulations. */
    public static CounterStore inMemory(String node, long incarnation) {
        return new CounterStore(new ReplicaId(node, incarnation), PNCounter.empty(), null, 0);
    }

    /**
     * Opens (recovering) the log in {@code config.dir()}, replays it, and records a new incarnation.
     *
     * @param wallClock milliseconds since the epoch, for the incarnation
     */
    public static CounterStore open(String node, StorageConfig config, LongSupplier wallClock) throws IOException {
        return open(node, config, wallClock, WalObserver.NONE);
    }

    /** As {@link #open(String, StorageConfig, LongSupplier)}, telling {@code observer} what the log does (metrics). */
    public static CounterStore open(String node, StorageConfig config, LongSupplier wallClock, WalObserver observer)
            throws IOException {
        return open(node, config, wallClock, ForceHook.FDATASYNC, observer);
    }

    /** As {@link #open(String, StorageConfig, LongSupplier)}, forcing through {@code forceHook} (tests). */
    static CounterStore open(String node, StorageConfig config, LongSupplier wallClock, ForceHook forceHook)
            throws IOException {
        return open(node, config, wallClock, forceHook, WalObserver.NONE);
    }

    private static CounterStore open(
            String node, StorageConfig config, LongSupplier wallClock, ForceHook forceHook, WalObserver observer)
            throws IOException {
        WalConfig walConfig = WalConfig.defaults(config.dir())
                .withFsync(config.fsync())
                .withMaxSegmentBytes(config.maxSegmentBytes())
                .withRepair(config.repair())
                .withForceHook(forceHook)
                .withObserver(observer);
        Replay replay = new Replay();
        WriteAheadLog wal = WriteAheadLog.open(walConfig, replay);
        try {
            if (replay.error != null) {
                throw new IOException(
                        "WAL " + config.dir() + " holds a record this node cannot read: " + replay.error.getMessage());
            }
            long incarnation = Math.max(replay.lastIncarnation + 1, wallClock.getAsLong());
            CompletableFuture<Long> incarnationLogged =
                    wal.append(CounterLogFormat.INCARNATION, CounterLogFormat.incarnation(incarnation));
            // Forced even with --wal-fsync=false: an incarnation must never be handed out twice.
            wal.sync().join();
            incarnationLogged.join();
            return new CounterStore(new ReplicaId(node, incarnation), replay.state, wal, config.snapshotEvery());
        } catch (IOException | RuntimeException e) {
            wal.close();
            throw e;
        }
    }

    /** Rebuilds state from a snapshot and records. */
    private static final class Replay implements ReplayHandler {
        PNCounter state = PNCounter.empty();
        long lastIncarnation;
        CounterFormatException error;

        @Override
        public void onSnapshot(long coveredSequence, ByteBuffer bytes) {
            try {
                CounterLogFormat.Snapshot snapshot = CounterLogFormat.readSnapshot(bytes);
                state = snapshot.state();
                lastIncarnation = snapshot.lastIncarnation();
            } catch (CounterFormatException e) {
                error = e;
            }
        }

        @Override
        public void onRecord(long sequence, byte type, ByteBuffer payload) {
            try {
                switch (type) {
                    case CounterLogFormat.LOCAL, CounterLogFormat.MERGE ->
                        state = state.merge(CounterCodec.decode(payload));
                    case CounterLogFormat.INCARNATION -> lastIncarnation = Math.max(lastIncarnation, payload.getLong());
                    default ->
                        throw new CounterFormatException("unknown record type " + type + " at sequence " + sequence);
                }
            } catch (CounterFormatException | RuntimeException e) {
                if (error == null) {
                    error = e instanceof CounterFormatException c
                            ? c
                            : new CounterFormatException("record " + sequence + ": " + e.getMessage());
                }
            }
        }
    }

    public ReplicaId self() {
        return self;
    }

    public PNCounter current() {
        return state;
    }

    /**
     * Adds {@code delta} (negative: subtracts) as this replica.
     *
     * @throws dev.distcounter.node.crdt.CounterOverflowException the result would leave the 64-bit range
     * @throws StoreFailedException the log has failed; nothing was applied
     */
    public LocalUpdate add(long delta) {
        synchronized (lock) {
            if (wal != null && wal.failure().isPresent()) {
                // Refused before it is applied, so the answer is certain: not counted.
                throw new StoreFailedException("the write-ahead log failed ("
                        + wal.failure().get().getMessage() + "); nothing more can be made durable until the node"
                        + " restarts");
            }
            PNCounter next = delta > 0 ? state.increment(self, delta) : state.decrement(self, -delta);
            state = next;
            waiters.reached(next);
            if (wal == null) {
                return new LocalUpdate(next, CompletableFuture.completedFuture(null));
            }
            byte[] record = CounterCodec.encodeEntry(self, next.entry(self));
            return new LocalUpdate(next, wal.append(CounterLogFormat.LOCAL, record));
        }
    }

    /**
     * Merges a peer's state. Returns the entries it raised: what it taught this node (empty when
     * nothing).
     *
     * @throws dev.distcounter.node.crdt.CounterOverflowException the merged totals would leave the 64-bit range
     */
    public PNCounter merge(PNCounter remote) {
        synchronized (lock) {
            PNCounter merged = state.merge(remote);
            if (isSameInstance(merged, state)) {
                return PNCounter.empty();
            }
            PNCounter changed = merged.changesSince(state);
            state = merged;
            waiters.reached(merged);
            if (wal != null) {
                // Relaxed: a peer still holds whatever this node learned from it, so merges need not
                // add fsyncs of their own; they reach the disk with the next forced batch.
                for (byte[] record : mergeRecords(changed)) {
                    var unused = wal.appendRelaxed(CounterLogFormat.MERGE, record)
                            .whenComplete((seq, failure) -> {
                                if (failure != null && mergeLogFailureReported.compareAndSet(false, true)) {
                                    log.error("{}: logging merged state failed: {}", self.node(), failure.toString());
                                }
                            });
                }
            }
            return changed;
        }
    }

    /**
     * The changed entries as MERGE records, split when one record would exceed the log's record
     * size (records are idempotent, so any split replays to the same state).
     */
    private List<byte[]> mergeRecords(PNCounter changed) {
        return CounterCodec.encodeParts(changed, wal.config().maxRecordBytes());
    }

    /**
     * Completes with the state once its version is at least {@code version}: at once if it
     * already is. A caller that stops waiting completes the future itself.
     */
    public CompletableFuture<PNCounter> awaitVersion(long version) {
        synchronized (lock) {
            return waiters.await(version, state);
        }
    }

    /** Writes a snapshot when enough records have accumulated since the last one. */
    public boolean snapshotIfDue() throws IOException {
        if (wal == null || wal.lastSequence() - wal.lastSnapshotSequence() < snapshotEvery) {
            return false;
        }
        snapshot();
        return true;
    }

    private void snapshot() throws IOException {
        long covered = wal.lastSequence(); // before copying the state: see the class comment
        PNCounter copy = state;
        wal.writeSnapshot(covered, CounterLogFormat.snapshot(self.incarnation(), copy));
    }

    /** Completes when everything logged so far is forced to disk. */
    public CompletableFuture<Void> sync() {
        return wal == null ? CompletableFuture.completedFuture(null) : wal.sync();
    }

    @Override
    public Optional<WriteAheadLog> wal() {
        return Optional.ofNullable(wal);
    }

    /** Snapshots (so the next start replays little), then flushes and closes the log. */
    @Override
    public void close() throws IOException {
        if (wal == null) {
            return;
        }
        try {
            if (wal.lastSequence() > wal.lastSnapshotSequence()) {
                snapshot();
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("{}: snapshot at shutdown failed: {}", self.node(), e.toString());
        } finally {
            wal.close();
        }
    }

    /** {@link PNCounter#merge} returns its receiver itself when the other state adds nothing. */
    @SuppressWarnings("ReferenceEquality")
    private static boolean isSameInstance(PNCounter merged, PNCounter before) {
        return merged == before;
    }
}

package dev.distcounter.node.kvstore;

import dev.distcounter.node.kv.KeyLimits;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.storage.LoggedStore;
import dev.distcounter.node.storage.StorageConfig;
import dev.distcounter.node.storage.StoreFailedException;
import dev.distcounter.wal.ForceHook;
import dev.distcounter.wal.WalConfig;
import dev.distcounter.wal.WalObserver;
import dev.distcounter.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys this node holds as a replica: in memory, readable from any thread without locks, and
 * durable in a write-ahead log of their own ({@code kv/} inside the counter's log directory; the
 * counter's log ignores subdirectories).
 *
 * <p>Rules:
 * <ul>
 *   <li>A write replaces what the replica holds for its key only if its version is greater
 *       ({@link Versioned#supersedes}); a tombstone is a write like any other, so an older value
 *       never comes back over it.</li>
 *   <li>Compare, replace and append happen under the key's stripe lock, the map updated before
 *       the record is appended: a lower version never overwrites a higher one, the log holds a
 *       key's records in the order memory took them, and every logged record's change is already
 *       visible in the map (what makes snapshots safe: see {@code snapshot()}).</li>
 *   <li>A write the log has not made durable is not acknowledged: {@link #apply}'s future
 *       completes once the record is durable (forced, with fsync on). Once the log has failed,
 *       writes are refused before they change anything.</li>
 *   <li>Records are idempotent under "the greater version wins" ({@link ReplicaLogFormat}), so a
 *       restart rebuilds the same map from a snapshot and the records after it.</li>
 * </ul>
 */
public final class ReplicaStore implements LoggedStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaStore.class);

    /** The log's directory inside the counter's. */
    public static final String SUBDIRECTORY = "kv";

    /** Power of two; a stripe is held for a map put and an enqueue, so contention is brief. */
    private static final int STRIPES = 64;

    private final String node;
    private final ConcurrentHashMap<String, Versioned> entries;
    private final Object[] stripes = new Object[STRIPES];
    private final AtomicLong valueBytes;
    private final WriteAheadLog wal; // null without a log
    private final long snapshotEvery;
    private final boolean volatileCopies;
    private final Object snapshotLock = new Object();
    private volatile ReplicaChanges listener = (key, held) -> {};

    private ReplicaStore(
            String node, ConcurrentHashMap<String, Versioned> entries, long valueBytes, WriteAheadLog wal, long every) {
        this(node, entries, valueBytes, wal, every, false);
    }

    /**
     * A store without a log that stands for a durable one: for simulations and tests, whose
     * "processes" never lose memory they did not choose to lose.
     */
    public static ReplicaStore inMemory(String node) {
        return new ReplicaStore(node, new ConcurrentHashMap<>(), 0, null, 0);
    }

    /**
     * A store without a log for a node started with {@code --wal=false}: what it holds dies with
     * its process, so its replica answers {@code IN_MEMORY}, never an acknowledgement.
     */
    public static ReplicaStore volatileInMemory(String node) {
        return new ReplicaStore(node, new ConcurrentHashMap<>(), 0, null, 0, true);
    }

    private ReplicaStore(
            String node,
            ConcurrentHashMap<String, Versioned> entries,
            long valueBytes,
            WriteAheadLog wal,
            long every,
            boolean volatileCopies) {
        this.node = node;
        this.entries = entries;
        this.valueBytes = new AtomicLong(valueBytes);
        this.wal = wal;
        this.snapshotEvery = every;
        this.volatileCopies = volatileCopies;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** Whether what this store holds dies with the process ({@link #volatileInMemory}). */
    public boolean volatileCopies() {
        return volatileCopies;
    }

    /** Where the log of a node with {@code config} lives. */
    public static Path directory(StorageConfig config) {
        return config.dir().resolve(SUBDIRECTORY);
    }

    /**
     * Opens (recovering) the log in {@link #directory}, with the counter's fsync, segment size and
     * repair settings, and replays it.
     *
     * @throws IOException the log cannot be opened, or holds a record or snapshot this node
     *                     cannot read (the message names the directory and the reason)
     */
    public static ReplicaStore open(String node, StorageConfig config, WalObserver observer) throws IOException {
        return open(node, config, ForceHook.FDATASYNC, observer);
    }

    /** As {@link #open(String, StorageConfig, WalObserver)}, forcing through {@code forceHook} (tests). */
    static ReplicaStore open(String node, StorageConfig config, ForceHook forceHook, WalObserver observer)
            throws IOException {
        Path dir = directory(config);
        WalConfig walConfig = WalConfig.defaults(dir)
                .withFsync(config.fsync())
                .withMaxSegmentBytes(config.maxSegmentBytes())
                .withMaxRecordBytes(ReplicaLogFormat.MAX_RECORD_BYTES)
                .withRepair(config.repair())
                .withForceHook(forceHook)
                .withObserver(observer);
        ReplicaReplay replay = new ReplicaReplay();
        WriteAheadLog wal = WriteAheadLog.open(walConfig, replay);
        if (replay.error() != null) {
            wal.close();
            throw new IOException(
                    "WAL " + dir + " holds a record or snapshot this node cannot read: " + replay.error());
        }
        return new ReplicaStore(node, replay.entries(), replay.valueBytes(), wal, config.snapshotEvery());
    }

    /** What this replica holds for {@code key} (a tombstone for a deleted key), or null. */
    public Versioned get(String key) {
        return entries.get(key);
    }

    /**
     * Stores {@code incoming} if it supersedes what this replica holds for {@code key}.
     *
     * <p>The future completes with {@code Stored(true, incoming's version)} once the record is
     * durable, or with {@code Stored(false, held version)} once what the replica holds is durable
     * when it holds the same or a newer version (nothing changes then). It completes
     * exceptionally with a {@link StoreFailedException} if the log has failed, before anything
     * changed, with the log's failure if the record could not be made durable, and with a
     * {@code WalClosedException} once the log is closed (the node is stopping).
     *
     * @throws IllegalArgumentException the key or value is outside {@link KeyLimits}
     */
    public CompletableFuture<Stored> apply(String key, Versioned incoming) {
        String problem = KeyLimits.keyProblem(key);
        if (problem == null && !incoming.deleted()) {
            problem = KeyLimits.valueProblem(incoming.value());
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Optional<String> failed = failure();
        if (failed.isPresent()) {
            return CompletableFuture.failedFuture(new StoreFailedException("the replica's write-ahead log failed ("
                    + failed.get() + "); nothing more can be made durable until the node restarts"));
        }
        byte[] record = wal == null ? null : ReplicaLogFormat.put(key, incoming); // encoded outside the lock
        synchronized (stripeOf(key)) {
            Versioned held = entries.get(key);
            if (!incoming.supersedes(held)) {
                Stored kept = Stored.kept(held.version());
                // It may have come from a record still in flight: answer once that is durable too.
                return wal == null
                        ? CompletableFuture.completedFuture(kept)
                        : wal.sync().thenApply(v -> kept);
            }
            entries.put(key, incoming);
            valueBytes.addAndGet(valueBytesOf(key, incoming) - valueBytesOf(key, held));
            listener.changed(key, incoming);
            Stored stored = Stored.replaced(incoming.version(), held == null ? null : held.version());
            if (wal == null) {
                return CompletableFuture.completedFuture(stored);
            }
            try {
                return wal.append(ReplicaLogFormat.PUT, record).thenApply(sequence -> stored);
            } catch (RuntimeException closed) {
                // The log refused it outright (closed): memory must not keep what the log never had,
                // and the coordinator hears "failed", as for a failed log.
                restore(key, held, incoming);
                return CompletableFuture.failedFuture(closed);
            }
        }
    }

    private void restore(String key, Versioned held, Versioned incoming) {
        if (held == null) {
            entries.remove(key);
        } else {
            entries.put(key, held);
        }
        valueBytes.addAndGet(valueBytesOf(key, held) - valueBytesOf(key, incoming));
        listener.changed(key, null); // back to an older version: a listener keeping the newest must forget it first
        if (held != null) {
            listener.changed(key, held);
        }
    }

    /** Sets the one {@link ReplicaChanges} listener; set it before {@link #forEach} to miss no change. */
    public void listen(ReplicaChanges changes) {
        this.listener = changes;
    }

    /** Every key held and its entry, tombstones included (changes made meanwhile may or may not be seen). */
    public void forEach(BiConsumer<String, Versioned> action) {
        entries.forEach(action);
    }

    /**
     * Forgets {@code key} if it holds exactly the tombstone at {@code version} (docs/guarantees.md,
     * "Tombstones"); whether it did. Memory only: a restart before the next snapshot brings the
     * tombstone back from the log, which is safe (a tombstone resurrects nothing) and purged again.
     */
    public boolean purge(String key, Version version) {
        synchronized (stripeOf(key)) {
            Versioned held = entries.get(key);
            if (held == null || !held.deleted() || !held.version().equals(version)) {
                return false;
            }
            entries.remove(key);
            valueBytes.addAndGet(-valueBytesOf(key, held));
            listener.changed(key, null);
            return true;
        }
    }

    private Object stripeOf(String key) {
        int h = key.hashCode();
        return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }

    /** {@link #valueBytes()}'s share of one entry (chars counted as bytes: exact for ASCII). */
    static long valueBytesOf(String key, Versioned held) {
        if (held == null) {
            return 0;
        }
        return (long) key.length() + (held.deleted() ? 0 : held.value().length());
    }

    /**
     * The keys held, tombstones included, without copying them: weakly consistent (keys added or
     * removed while it runs may or may not be seen; none is seen twice). Safe from any thread.
     */
    public Iterator<String> keys() {
        return entries.keySet().iterator();
    }

    /** Keys held, tombstones included. */
    public int size() {
        return entries.size();
    }

    /**
     * About how many bytes the keys and values held take: their characters (tombstones count
     * their key only), kept up to date with every change. Exact for ASCII.
     */
    public long valueBytes() {
        return valueBytes.get();
    }

    /** Writes a snapshot when enough records have accumulated since the last one. */
    public boolean snapshotIfDue() throws IOException {
        if (wal == null || wal.lastSequence() - wal.lastSnapshotSequence() < snapshotEvery) {
            return false;
        }
        snapshot();
        return true;
    }

    /**
     * Writes a snapshot of every entry, tombstones included.
     *
     * <p>Why reading {@code lastSequence()} first and then iterating the live map is enough: a
     * record is appended after its map update completed (both under the key's stripe lock), so
     * every record up to {@code covered} changed the map before {@code covered} was read, hence
     * before the iterator was created, and a {@link ConcurrentHashMap} iterator reflects every
     * update completed before its creation. Updates made while it runs may or may not be in the
     * snapshot; their records come after {@code covered}, and records are idempotent (the greater
     * version wins), so replaying them over a snapshot that already holds them changes nothing.
     */
    private void snapshot() throws IOException {
        synchronized (snapshotLock) { // two snapshots at once could try to cover sequences out of order
            long covered = wal.lastSequence();
            wal.writeSnapshot(covered, ReplicaLogFormat.snapshot(entries));
        }
    }

    @Override
    public Optional<WriteAheadLog> wal() {
        return Optional.ofNullable(wal);
    }

    /**
     * Snapshots (so the next start replays little), then flushes and closes the log. No snapshot
     * once the log has failed: the disk is suspect, and the log as it stands is what the next
     * start should recover from.
     */
    @Override
    public void close() throws IOException {
        if (wal == null) {
            return;
        }
        LoggedStore.closeAfterSnapshot(
                wal, this::snapshot, e -> log.warn("{}: replica snapshot at shutdown failed: {}", node, e.toString()));
    }
}

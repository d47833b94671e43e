package dev.distcounter.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's only writer. Appenders put a record in the queue and get a future; one thread takes
 * everything queued, writes it with as few system calls as fit, forces once (with fsync on),
 * and then completes all the futures. N appenders waiting together therefore share one fsync.
 *
 * <p>Sequence numbers are assigned under the queue lock, so queue order is sequence order.
 *
 * <p>Futures complete on the writer thread: callers should wait on them or continue with the
 * {@code *Async} methods, not run slow work in a plain {@code thenApply}.
 *
 * <p>Guarantees: docs/guarantees.md §3.
 */
final class GroupCommitWriter {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    /**
     * {@code force}: the record must be forced before its future completes (when the log forces at
     * all). The payload is the caller's, handed over: copying it per append would cost more than
     * the rule that nobody changes it.
     */
    @SuppressWarnings("ArrayRecordComponent")
    private record PendingAppend(long seq, byte type, byte[] payload, boolean force, CompletableFuture<Long> done) {}

    private final WalDirectory dir;
    private final WalConfig config;
    private final SegmentIndex segments;
    private final RecordCodec codec;
    private final ByteBuffer buffer;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    // guarded by lock
    private ArrayList<PendingAppend> queue = new ArrayList<>();
    private ArrayList<CompletableFuture<Void>> syncRequests = new ArrayList<>();
    private long lastAssigned;
    private boolean closing;
    private IOException failure;

    // writer thread only
    private SegmentWriter segment;
    private boolean dirty;
    private long lastForceNanos = System.nanoTime();

    GroupCommitWriter(
            WalDirectory dir, WalConfig config, SegmentIndex segments, SegmentWriter active, long lastAssigned) {
        this.dir = dir;
        this.config = config;
        this.segments = segments;
        this.segment = active;
        this.lastAssigned = lastAssigned;
        this.codec = new RecordCodec(config.maxRecordBytes());
        this.buffer = ByteBuffer.allocateDirect(Math.max(256 * 1024, RecordCodec.frameSize(config.maxRecordBytes())));
        this.thread = new Thread(this::run, "wal-writer-" + dir.path().getFileName());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    CompletableFuture<Long> append(byte type, byte[] payload, boolean force) {
        if (payload.length > config.maxRecordBytes()) {
            throw new IllegalArgumentException(
                    "record of " + payload.length + " bytes exceeds the maximum of " + config.maxRecordBytes());
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        return submit(done, () -> queue.add(new PendingAppend(++lastAssigned, type, payload, force, done)));
    }

    /** Completes once everything appended before the call is written and forced, whatever the fsync setting. */
    CompletableFuture<Void> sync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        return submit(done, () -> syncRequests.add(done));
    }

    /** Runs {@code enqueue} under the queue lock and wakes the writer, unless the log is closed or failed. */
    private <T> CompletableFuture<T> submit(CompletableFuture<T> done, Runnable enqueue) {
        lock.lock();
        try {
            if (closing) {
                throw new WalClosedException(dir.path());
            }
            if (failure != null) {
                done.completeExceptionally(new WalFailedException(dir.path(), failure));
                return done;
            }
            enqueue.run();
            workAvailable.signal();
        } finally {
            lock.unlock();
        }
        return done;
    }

    /** Why the log stopped accepting appends, if it did. */
    java.util.Optional<IOException> failure() {
        lock.lock();
        try {
            return java.util.Optional.ofNullable(failure);
        } finally {
            lock.unlock();
        }
    }

    long lastAssigned() {
        lock.lock();
        try {
            return lastAssigned;
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking appends, writes and forces what is queued, closes the segment. */
    void close() throws IOException {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            workAvailable.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing WAL " + dir.path(), e);
        }
        lock.lock();
        try {
            if (failure != null) {
                throw new WalFailedException(dir.path(), failure);
            }
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        ArrayList<PendingAppend> batch = new ArrayList<>();
        ArrayList<CompletableFuture<Void>> syncs = new ArrayList<>();
        try {
            while (true) {
                boolean exit;
                boolean backgroundForceDue;
                lock.lock();
                try {
                    backgroundForceDue = awaitWork();
                    ArrayList<PendingAppend> taken = queue;
                    queue = batch;
                    batch = taken;
                    ArrayList<CompletableFuture<Void>> takenSyncs = syncRequests;
                    syncRequests = syncs;
                    syncs = takenSyncs;
                    exit = closing && batch.isEmpty() && syncs.isEmpty();
                } finally {
                    lock.unlock();
                }
                if (exit) {
                    force();
                    segment.close();
                    return;
                }
                try {
                    boolean needsForce = write(batch);
                    if ((config.fsync() && needsForce) || !syncs.isEmpty() || backgroundForceDue || closing) {
                        force();
                    }
                } catch (IOException | RuntimeException e) {
                    fail(e, batch, syncs);
                    return;
                }
                for (PendingAppend pending : batch) {
                    pending.done().complete(pending.seq());
                }
                for (CompletableFuture<Void> sync : syncs) {
                    sync.complete(null);
                }
                batch.clear();
                syncs.clear();
            }
        } catch (IOException | RuntimeException e) {
            fail(e, batch, syncs);
        }
    }

    /**
     * Waits (holding the lock) until there is something to do. Returns true when the wake-up is
     * the periodic force of an fsync-off log that has unforced writes.
     */
    private boolean awaitWork() {
        long interval = config.backgroundSyncInterval().toNanos();
        while (queue.isEmpty() && syncRequests.isEmpty() && !closing) {
            if (!dirty) {
                workAvailable.awaitUninterruptibly();
                continue;
            }
            long wait = interval - (System.nanoTime() - lastForceNanos);
            if (wait <= 0) {
                return true;
            }
            try {
                workAvailable.await(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return dirty && System.nanoTime() - lastForceNanos >= interval;
    }

    /** Writes the batch; returns whether any of its records asks to be forced. */
    private boolean write(List<PendingAppend> batch) throws IOException {
        if (batch.isEmpty()) {
            return false;
        }
        boolean needsForce = false;
        long written = 0;
        buffer.clear();
        for (PendingAppend pending : batch) {
            int frame = RecordCodec.frameSize(pending.payload().length);
            long segmentSize = segment.size() + buffer.position();
            // A segment always takes its first record, however large: any cut size then works,
            // and a record larger than the cut size goes alone into a segment of its own.
            boolean holdsRecords = segmentSize > WalFormat.SEGMENT_HEADER_BYTES;
            if (holdsRecords && segmentSize + frame > config.maxSegmentBytes()) {
                written += flush();
                rotate(pending.seq());
            }
            if (buffer.remaining() < frame) {
                written += flush();
            }
            codec.encode(buffer, pending.seq(), pending.type(), pending.payload());
            needsForce |= pending.force();
        }
        written += flush();
        config.observer().batchWritten(batch.size(), written);
        return needsForce;
    }

    /** Writes what the buffer holds; returns how many bytes that was. */
    private int flush() throws IOException {
        if (buffer.position() == 0) {
            return 0;
        }
        buffer.flip();
        int size = buffer.remaining();
        segment.write(buffer);
        dirty = true;
        buffer.clear();
        return size;
    }

    private void force() throws IOException {
        if (!dirty) {
            return;
        }
        long started = System.nanoTime();
        segment.force(config.forceHook());
        lastForceNanos = System.nanoTime();
        dirty = false;
        config.observer().forced(lastForceNanos - started);
    }

    /** Finishes the current segment (forced, whatever the fsync setting) and starts one at {@code firstSeq}. */
    private void rotate(long firstSeq) throws IOException {
        force();
        segment.close();
        segment = SegmentWriter.create(dir, firstSeq, config.forceHook());
        segments.add(firstSeq, segment.file());
        config.observer().rotated();
        log.info("WAL {}: started segment {}", dir.path(), segment.file().getFileName());
    }

    private void fail(Exception cause, List<PendingAppend> batch, List<CompletableFuture<Void>> syncs) {
        IOException io = cause instanceof IOException failure ? failure : new IOException(cause);
        log.error("WAL {}: write failed, no more appends will be accepted: {}", dir.path(), cause.toString());
        List<PendingAppend> rest;
        List<CompletableFuture<Void>> restSyncs;
        lock.lock();
        try {
            failure = io;
            rest = queue;
            restSyncs = syncRequests;
            queue = new ArrayList<>();
            syncRequests = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        WalFailedException failed = new WalFailedException(dir.path(), io);
        for (List<PendingAppend> list : List.of(batch, rest)) {
            for (PendingAppend pending : list) {
                pending.done().completeExceptionally(failed);
            }
        }
        for (List<CompletableFuture<Void>> list : List.of(syncs, restSyncs)) {
            for (CompletableFuture<Void> sync : list) {
                sync.completeExceptionally(failed);
            }
        }
        try {
            segment.close();
        } catch (IOException ignored) {
            // already failing; the first error is the one reported
        }
    }
}

package dev.distcounter.wal;

import java.util.concurrent.atomic.AtomicLong;

/** A {@link WalObserver} that adds up what it is told, for tests to read from any thread. */
final class CountingObserver implements WalObserver {
    final AtomicLong records = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong forces = new AtomicLong();
    final AtomicLong forceNanos = new AtomicLong();
    final AtomicLong rotations = new AtomicLong();
    final AtomicLong snapshots = new AtomicLong();

    @Override
    public void batchWritten(int count, long size) {
        records.addAndGet(count);
        batches.incrementAndGet();
        bytes.addAndGet(size);
    }

    @Override
    public void forced(long nanos) {
        forces.incrementAndGet();
        forceNanos.addAndGet(nanos);
    }

    @Override
    public void rotated() {
        rotations.incrementAndGet();
    }

    @Override
    public void snapshotWritten(long size) {
        snapshots.incrementAndGet();
    }
}

package dev.distcounter.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    static final int THREADS = 32;
    static final int PER_THREAD = 300;

    @TempDir
    Path dir;

    @Test
    void concurrentAppendersShareFsyncsAndEveryAcknowledgedRecordReplays() throws Exception {
        CountingForce forces = new CountingForce();
        CountingObserver observed = new CountingObserver();
        WalConfig config = WalConfig.defaults(dir)
                .withMaxSegmentBytes(256 * 1024)
                .withForceHook(forces)
                .withObserver(observed);
        ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        long appends;
        long forcesForAppends;
        long observedForces;
        long observedRotations;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            long forcesAtOpen = forces.count();
            long recordsAtOpen = observed.records.get();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long base = t * 1_000_000L;
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        long id = base + i;
                        wal.append((byte) 1, Replayed.payload(id, 64)).get(30, TimeUnit.SECONDS);
                        acknowledged.add(id);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS);
            }
            appends = observed.records.get() - recordsAtOpen;
            forcesForAppends = forces.count() - forcesAtOpen;
            observedForces = observed.forces.get();
            observedRotations = observed.rotations.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(appends).isEqualTo((long) THREADS * PER_THREAD);
        // Each appender waits for its record, so all 32 are usually queued behind the same fsync.
        assertThat(forcesForAppends).as("fsyncs for %d appends", appends).isLessThan(appends / 4);
        assertThat(observedForces + observedRotations)
                .as("segment forces the observer heard of, plus the header force of each new segment")
                .isEqualTo(forcesForAppends);
        assertThat(observed.bytes.get())
                .as("every record's bytes, headers included")
                .isEqualTo(appends * RecordCodec.frameSize(64));

        Replayed state = Replayed.open(config);
        Set<Long> replayed = new HashSet<>(state.ids);
        assertThat(replayed).hasSameSizeAs(state.ids); // no duplicates
        assertThat(replayed).containsAll(acknowledged);
        assertThat(state.ids).hasSize(THREADS * PER_THREAD);
        // each thread's records replay in the order that thread appended them
        for (int t = 0; t < THREADS; t++) {
            long base = t * 1_000_000L;
            List<Long> mine = state.ids.stream()
                    .filter(id -> id / 1_000_000L == base / 1_000_000L)
                    .toList();
            assertThat(mine).isSorted();
        }
    }
}

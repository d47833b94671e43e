package dev.distcounter.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leader/follower group commit: {@link WriteAheadLog#appendUncommitted} then {@link WriteAheadLog#commit()}. */
class LeaderCommitTest {
    @TempDir
    Path dir;

    @Test
    void onAnIdleLogTheCommittingThreadForcesAndCompletesItsOwnRecord() throws Exception {
        AtomicReference<Thread> forcedOn = new AtomicReference<>();
        WalConfig config = WalConfig.defaults(dir).withForceHook(channel -> {
            forcedOn.set(Thread.currentThread());
            channel.force(false);
        });
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            wal.sync().get(10, TimeUnit.SECONDS); // the writer thread is done with the log's opening
            AtomicReference<Thread> completedOn = new AtomicReference<>();
            CompletableFuture<Long> done = wal.appendUncommitted((byte) 1, Replayed.payload(7, 16));
            CompletableFuture<Void> seen = done.thenAccept(seq -> completedOn.set(Thread.currentThread()));

            wal.commit();

            assertThat(done).isCompleted();
            assertThat(seen).isCompleted();
            assertThat(forcedOn.get()).isSameAs(Thread.currentThread());
            assertThat(completedOn.get()).isSameAs(Thread.currentThread());
        }
        assertThat(Replayed.open(config).ids).containsExactly(7L);
    }

    @Test
    void aCommitWhileAnotherThreadWritesLeavesTheRecordToThatThread() throws Exception {
        CountDownLatch forcing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        WalConfig config = WalConfig.defaults(dir).withForceHook(channel -> {
            if (forces.incrementAndGet() == 3) { // counted from 2 once the log is open: the leader's batch
                forcing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            channel.force(false);
        });
        ExecutorService leaderThread = Executors.newSingleThreadExecutor();
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            wal.sync().get(10, TimeUnit.SECONDS);
            forces.set(2);
            CompletableFuture<Long> first = wal.appendUncommitted((byte) 1, Replayed.payload(1, 16));
            Future<?> leader = leaderThread.submit(wal::commit);
            assertThat(forcing.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Long> second = wal.appendUncommitted((byte) 1, Replayed.payload(2, 16));
            wal.commit(); // the leader is writing: returns at once, leaving the record queued

            assertThat(second).isNotDone();
            release.countDown();
            leader.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(second::isDone);
            assertThat(first.get()).isLessThan(second.get());
        } finally {
            release.countDown();
            leaderThread.shutdownNow();
        }
        assertThat(Replayed.open(config).ids).containsExactly(1L, 2L);
    }

    @Test
    void concurrentCommittersShareForcesAndEveryAcknowledgedRecordReplaysInOrder() throws Exception {
        int threads = 16;
        int perThread = 300;
        CountingForce forces = new CountingForce();
        WalConfig config =
                WalConfig.defaults(dir).withMaxSegmentBytes(16 * 1024).withForceHook(forces);
        ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long forcesForAppends;
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            long forcesAtOpen = forces.count();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long base = t * 1_000_000L;
                boolean committing = t % 4 != 0; // a quarter append the plain way, woken writer and all
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        long id = base + i;
                        CompletableFuture<Long> done;
                        if (committing) {
                            done = wal.appendUncommitted((byte) 1, Replayed.payload(id, 64));
                            wal.commit();
                        } else {
                            done = wal.append((byte) 1, Replayed.payload(id, 64));
                        }
                        done.get(30, TimeUnit.SECONDS);
                        acknowledged.add(id);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS);
            }
            forcesForAppends = forces.count() - forcesAtOpen;
        } finally {
            pool.shutdownNow();
        }
        long appends = (long) threads * perThread;
        assertThat(forcesForAppends).as("forces for %d appends", appends).isLessThan(appends);

        Replayed state = Replayed.open(config);
        Set<Long> replayed = new HashSet<>(state.ids);
        assertThat(replayed).hasSameSizeAs(state.ids);
        assertThat(replayed).containsAll(acknowledged);
        assertThat(state.ids).hasSize((int) appends);
        for (int t = 0; t < threads; t++) {
            long thread = t;
            assertThat(state.ids.stream()
                            .filter(id -> id / 1_000_000L == thread)
                            .toList())
                    .isSorted();
        }
    }

    @Test
    void aForceThatFailsOnTheCommittingThreadFailsItsBatchAndEveryLaterAppend() throws Exception {
        AtomicBoolean diskGone = new AtomicBoolean();
        WalConfig config = WalConfig.defaults(dir).withForceHook(channel -> {
            if (diskGone.get()) {
                throw new IOException("disk gone");
            }
            channel.force(false);
        });
        WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE);
        wal.sync().get(10, TimeUnit.SECONDS);
        diskGone.set(true);
        CompletableFuture<Long> done = wal.appendUncommitted((byte) 1, Replayed.payload(1, 16));

        wal.commit();

        assertThatThrownBy(done::get)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(WalFailedException.class);
        assertThat(wal.failure()).isPresent();
        assertThatThrownBy(() -> wal.append((byte) 1, Replayed.payload(2, 16)).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(WalFailedException.class);
        assertThatThrownBy(wal::close).isInstanceOf(WalFailedException.class);
    }
}

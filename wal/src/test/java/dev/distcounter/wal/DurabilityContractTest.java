package dev.distcounter.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A completed append future is a promise about the disk; check it is never made early.
 *
 * <p>Guarantees: docs/guarantees.md §3.
 */
class DurabilityContractTest {
    static final int PAYLOAD = 64;
    static final int FRAME = WalFormat.RECORD_HEADER_BYTES + PAYLOAD;

    @TempDir
    Path dir;

    @Test
    void withFsyncAFutureWaitsForTheForce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        WalConfig config = WalConfig.defaults(dir).withForceHook(channel -> {
            if (forces.incrementAndGet() > 1) { // the first force is the new segment's header
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new java.io.IOException("test never released the force");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            channel.force(false);
        });
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            CompletableFuture<Long> pending = wal.append((byte) 1, Replayed.payload(1, PAYLOAD));
            await("writer reached the force").atMost(Duration.ofSeconds(10)).until(() -> forces.get() >= 2);
            assertThat(forces.get()).as("writer reached the force").isEqualTo(2);
            await("not acknowledged while the force is still running")
                    .during(Duration.ofMillis(50))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !pending.isDone());
            release.countDown();
            assertThat(pending.get(10, TimeUnit.SECONDS)).isEqualTo(1L);
        }
    }

    @Test
    void withFsyncEveryCompletedRecordIsInsideTheForcedPrefix() throws Exception {
        AtomicLong forcedSize = new AtomicLong();
        WalConfig config = WalConfig.defaults(dir).withForceHook(channel -> {
            channel.force(false);
            forcedSize.set(channel.size());
        });
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(wal.append((byte) 1, Replayed.payload(i, PAYLOAD)));
            }
            for (CompletableFuture<Long> future : futures) {
                future.thenAccept(seq -> {
                            long end = WalFormat.SEGMENT_HEADER_BYTES + seq * FRAME;
                            assertThat(forcedSize.get())
                                    .as("record %d acknowledged before it was forced", seq)
                                    .isGreaterThanOrEqualTo(end);
                        })
                        .get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void withoutFsyncACompletedRecordIsInTheFileButNotForced() throws Exception {
        CountingForce forces = new CountingForce();
        WalConfig config = WalConfig.defaults(dir)
                .withFsync(false)
                .withBackgroundSyncInterval(Duration.ofHours(1))
                .withForceHook(forces);
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            int forcesAtOpen = forces.count();
            Path segment = dir.resolve(WalFormat.segmentFileName(1));
            for (int i = 0; i < 50; i++) {
                long seq = wal.append((byte) 1, Replayed.payload(i, PAYLOAD)).get(10, TimeUnit.SECONDS);
                // Another reader sees the record: it reached the OS.
                try (FileChannel reader = FileChannel.open(segment, StandardOpenOption.READ)) {
                    ByteBuffer frame = ByteBuffer.allocate(FRAME);
                    reader.read(frame, WalFormat.SEGMENT_HEADER_BYTES + (seq - 1) * FRAME);
                    assertThat(frame.getLong(WalFormat.RECORD_SEQ_OFFSET)).isEqualTo(seq);
                    assertThat(frame.getLong(WalFormat.RECORD_HEADER_BYTES)).isEqualTo(i);
                }
            }
            assertThat(forces.count() - forcesAtOpen)
                    .as("fsync off: appends do not force")
                    .isZero();
            wal.sync().get(10, TimeUnit.SECONDS);
            assertThat(forces.count() - forcesAtOpen).as("sync() forces").isEqualTo(1);
            assertThat(Files.size(segment)).isEqualTo(WalFormat.SEGMENT_HEADER_BYTES + 50L * FRAME);
        }
    }

    @Test
    void aRelaxedAppendIsNotForcedOnItsOwnButWithTheNextForcedBatchOrInTheBackground() throws Exception {
        CountingForce forces = new CountingForce();
        WalConfig config = WalConfig.defaults(dir)
                .withBackgroundSyncInterval(Duration.ofMillis(200))
                .withForceHook(forces);
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            int atOpen = forces.count();
            for (int i = 0; i < 20; i++) {
                wal.appendRelaxed((byte) 2, Replayed.payload(i, PAYLOAD)).get(10, TimeUnit.SECONDS);
            }
            assertThat(forces.count() - atOpen)
                    .as("relaxed appends complete without a force of their own")
                    .isZero();
            wal.append((byte) 1, Replayed.payload(99, PAYLOAD)).get(10, TimeUnit.SECONDS);
            assertThat(forces.count() - atOpen)
                    .as("the next durable append forces everything before it")
                    .isEqualTo(1);
            wal.appendRelaxed((byte) 2, Replayed.payload(100, PAYLOAD)).get(10, TimeUnit.SECONDS);
            await("the background force").atMost(Duration.ofSeconds(10)).until(() -> forces.count() - atOpen >= 2);
            assertThat(forces.count() - atOpen)
                    .as("the background force, even with fsync on")
                    .isEqualTo(2);
        }
        assertThat(Replayed.open(WalConfig.defaults(dir)).ids).hasSize(22);
    }

    @Test
    void withoutFsyncABackgroundForceFollowsWrites() throws Exception {
        CountingForce forces = new CountingForce();
        WalConfig config = WalConfig.defaults(dir)
                .withFsync(false)
                .withBackgroundSyncInterval(Duration.ofMillis(50))
                .withForceHook(forces);
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            int forcesAtOpen = forces.count();
            wal.append((byte) 1, Replayed.payload(1, PAYLOAD)).get(10, TimeUnit.SECONDS);
            await("a background force").atMost(Duration.ofSeconds(10)).until(() -> forces.count() > forcesAtOpen);
            assertThat(forces.count() - forcesAtOpen)
                    .as("background force within the interval")
                    .isEqualTo(1);
            await("nothing new written: no more forces")
                    .during(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> forces.count() - forcesAtOpen == 1);
        }
    }
}

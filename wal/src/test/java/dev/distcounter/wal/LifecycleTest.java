package dev.distcounter.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
    @TempDir
    Path dir;

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(dir), ReplayHandler.IGNORE)) {
            assertThatThrownBy(() -> WriteAheadLog.open(WalConfig.defaults(dir), ReplayHandler.IGNORE))
                    .isInstanceOf(WalLockedException.class)
                    .hasMessageContaining("in use by another process")
                    .hasMessageContaining(WalFormat.LOCK_FILE);
            wal.append((byte) 1, Replayed.payload(1, 8)).join();
        }
        // released on close
        WriteAheadLog.open(WalConfig.defaults(dir), ReplayHandler.IGNORE).close();
    }

    @Test
    void usingAClosedLogIsAClearError() throws Exception {
        WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(dir), ReplayHandler.IGNORE);
        wal.close();
        wal.close(); // idempotent
        assertThatThrownBy(() -> wal.append((byte) 1, new byte[8]))
                .isInstanceOf(WalClosedException.class)
                .hasMessage("WAL " + dir + " is closed");
        assertThatThrownBy(wal::sync).isInstanceOf(WalClosedException.class);
        assertThatThrownBy(() -> wal.writeSnapshot(0, new byte[0])).isInstanceOf(WalClosedException.class);
    }

    @Test
    void closeWritesAndForcesEverythingQueued() throws Exception {
        CountingForce forces = new CountingForce();
        WalConfig config = WalConfig.defaults(dir)
                .withFsync(false)
                .withBackgroundSyncInterval(Duration.ofHours(1))
                .withForceHook(forces);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            for (long id = 0; id < 5_000; id++) {
                futures.add(wal.append((byte) 1, Replayed.payload(id, 40)));
            }
        }
        assertThat(futures).allMatch(CompletableFuture::isDone);
        assertThat(forces.count()).as("close forces the tail").isGreaterThanOrEqualTo(2);
        assertThat(Replayed.open(config).ids).hasSize(5_000);
    }

    @Test
    void oversizedRecordIsRejectedAndTheLogKeepsWorking() throws Exception {
        try (WriteAheadLog wal =
                WriteAheadLog.open(WalConfig.defaults(dir).withMaxRecordBytes(100), ReplayHandler.IGNORE)) {
            assertThatThrownBy(() -> wal.append((byte) 1, new byte[101]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exceeds the maximum of 100");
            assertThat(wal.append((byte) 1, new byte[100]).join()).isEqualTo(1L);
        }
    }

    @Test
    void afterAFailedForceEveryAppendFails() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WalConfig config = WalConfig.defaults(dir).withForceHook(channel -> {
            // the header of the first segment is forced on open (call 1); fail the next one
            if (calls.incrementAndGet() == 2) {
                throw new IOException("simulated EIO");
            }
            channel.force(false);
        });
        WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE);
        try {
            assertThatThrownBy(() -> wal.append((byte) 1, new byte[8]).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(WalFailedException.class)
                    .hasMessageContaining("simulated EIO");
            assertThatThrownBy(() -> wal.append((byte) 1, new byte[8]).join())
                    .hasCauseInstanceOf(WalFailedException.class);
            assertThatThrownBy(() -> wal.sync().join()).hasCauseInstanceOf(WalFailedException.class);
        } finally {
            assertThatThrownBy(wal::close).isInstanceOf(WalFailedException.class);
        }
        // the directory is released even so
        WriteAheadLog.open(WalConfig.defaults(dir), ReplayHandler.IGNORE).close();
    }

    @Test
    void configRejectsImpossibleSizes() {
        assertThatThrownBy(() -> WalConfig.defaults(dir).withMaxRecordBytes(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WalConfig.defaults(dir).withMaxSegmentBytes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> WalConfig.defaults(dir).withBackgroundSyncInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WalConfig.defaults(dir).withMaxSegmentBytes(1).maxRecordBytes())
                .as("a tiny cut size leaves the record limit alone: a large record gets a segment of its own")
                .isEqualTo(WalFormat.DEFAULT_MAX_RECORD_BYTES);
    }
}

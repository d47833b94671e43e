package dev.distcounter.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guarantees: docs/guarantees.md §7. */
class SnapshotTest {
    static final int PAYLOAD = 32;
    static final int FRAME = WalFormat.RECORD_HEADER_BYTES + PAYLOAD;

    @TempDir
    Path dir;

    private WalConfig smallSegments() {
        return WalConfig.defaults(dir)
                .withFsync(false)
                .withMaxSegmentBytes(WalFormat.SEGMENT_HEADER_BYTES + 10L * FRAME);
    }

    private static long count(Path dir, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(suffix)).count();
        }
    }

    @Test
    void snapshotsBoundDiskUseAndReplayStartsAfterTheNewest() throws Exception {
        List<Long> applied = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(smallSegments(), ReplayHandler.IGNORE)) {
            for (long id = 0; id < 1_000; id++) {
                applied.add(id);
                var unused = wal.append((byte) 1, Replayed.payload(id, PAYLOAD));
                if (id % 100 == 99) {
                    wal.writeSnapshot(wal.lastSequence(), Replayed.snapshotOf(applied));
                    wal.sync().join();
                    // two snapshots kept; segments back to the older one: about 20 of 10 records each
                    assertThat(count(dir, ".snap")).isLessThanOrEqualTo(2);
                    assertThat(count(dir, ".wal")).isLessThanOrEqualTo(22);
                }
            }
            var unused = wal.append((byte) 1, Replayed.payload(1_000, PAYLOAD));
            applied.add(1_000L);
        }
        Replayed state = Replayed.open(smallSegments());
        assertThat(state.snapshotSequence).isEqualTo(1_000);
        assertThat(state.sequences).containsExactly(1_001L);
        assertThat(state.ids).isEqualTo(applied);
    }

    @Test
    void damagedNewestSnapshotFallsBackToTheOlderOne() throws Exception {
        List<Long> applied = writeWithSnapshotsAt100And200();
        Path newest = dir.resolve(WalFormat.snapshotFileName(200));
        Corruption.flipBit(newest, WalFormat.SNAPSHOT_HEADER_BYTES + 5, 2);
        Replayed state = new Replayed();
        try (LogCapture log = new LogCapture(LogRecovery.class);
                WriteAheadLog wal = WriteAheadLog.open(smallSegments(), state)) {
            assertThat(state.snapshotSequence).isEqualTo(100);
            assertThat(state.ids).isEqualTo(applied);
            assertThat(log.warnings()).singleElement().asString().contains("snapshot", "damaged");
            assertThat(wal.lastSnapshotSequence()).isEqualTo(100);
        }
        assertThat(newest).doesNotExist();
        assertThat(dir.resolve(WalFormat.QUARANTINE_DIR).resolve(newest.getFileName()))
                .exists();
    }

    @Test
    void noUsableSnapshotAndMissingSegmentsRefuses() throws Exception {
        writeWithSnapshotsAt100And200();
        assertThat(dir.resolve(WalFormat.segmentFileName(1)))
                .as("covered by both snapshots")
                .doesNotExist();
        Corruption.flipBit(dir.resolve(WalFormat.snapshotFileName(200)), 40, 2);
        Corruption.flipBit(dir.resolve(WalFormat.snapshotFileName(100)), 40, 2);
        assertThatThrownBy(() -> WriteAheadLog.open(smallSegments(), new Replayed()))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining("there is no snapshot")
                .hasMessageContaining("are missing");
    }

    /** 300 records in segments of 10, snapshots after 100 and 200; returns the ids written. */
    private List<Long> writeWithSnapshotsAt100And200() throws Exception {
        List<Long> applied = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(smallSegments(), ReplayHandler.IGNORE)) {
            for (long id = 0; id < 300; id++) {
                applied.add(id);
                var unused = wal.append((byte) 1, Replayed.payload(id, PAYLOAD));
                if (id == 99 || id == 199) {
                    wal.sync().join(); // retention can only delete segments the writer has cut
                    wal.writeSnapshot(wal.lastSequence(), Replayed.snapshotOf(applied));
                }
            }
        }
        return applied;
    }

    @Test
    void snapshotCoveringRecordsLostFromTheTailIsEnough() throws Exception {
        // The snapshot covers records 1-10, but records 8-10 never reached the disk (here: cut
        // afterwards). Recovery trusts the snapshot; the next append starts a segment at 11.
        WalConfig config = WalConfig.defaults(dir);
        List<Long> applied = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            for (long id = 0; id < 10; id++) {
                applied.add(id);
                wal.append((byte) 1, Replayed.payload(id, PAYLOAD)).join();
            }
            wal.writeSnapshot(10, Replayed.snapshotOf(applied));
        }
        Path segment = dir.resolve(WalFormat.segmentFileName(1));
        WalDirectory.truncate(segment, WalFormat.SEGMENT_HEADER_BYTES + 7L * FRAME + 5);
        try (WriteAheadLog wal = WriteAheadLog.open(config, new Replayed())) {
            assertThat(wal.lastSequence()).isEqualTo(10);
            assertThat(wal.append((byte) 1, Replayed.payload(10, PAYLOAD)).join())
                    .isEqualTo(11L);
        }
        assertThat(dir.resolve(WalFormat.segmentFileName(11))).exists();
        applied.add(10L);
        Replayed state = Replayed.open(config);
        assertThat(state.ids).isEqualTo(applied);
        assertThat(Replayed.open(config).ids)
                .isEqualTo(LongStream.rangeClosed(0, 10).boxed().toList());
    }

    @Test
    void snapshotMustCoverASequenceTheLogHasReached() throws Exception {
        CountingObserver observed = new CountingObserver();
        try (WriteAheadLog wal =
                WriteAheadLog.open(WalConfig.defaults(dir).withObserver(observed), ReplayHandler.IGNORE)) {
            wal.append((byte) 1, Replayed.payload(1, PAYLOAD)).join();
            wal.append((byte) 1, Replayed.payload(2, PAYLOAD)).join();
            assertThatThrownBy(() -> wal.writeSnapshot(3, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("last append (2)");
            wal.writeSnapshot(2, new byte[0]);
            assertThatThrownBy(() -> wal.writeSnapshot(1, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("newest snapshot (2)");
            wal.writeSnapshot(2, new byte[0]); // same sequence again: nothing to do
            assertThat(observed.snapshots.get()).isEqualTo(1);
        }
    }

    @Test
    void leftoverTemporarySnapshotIsIgnoredAndDeleted() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(dir), ReplayHandler.IGNORE)) {
            wal.append((byte) 1, Replayed.payload(1, PAYLOAD)).join();
        }
        Path temp = dir.resolve(WalFormat.snapshotFileName(1) + WalFormat.TEMP_SUFFIX);
        Files.write(temp, new byte[] {1, 2, 3});
        Replayed state = Replayed.open(WalConfig.defaults(dir));
        assertThat(state.ids).containsExactly(1L);
        assertThat(state.snapshotSequence).isZero();
        assertThat(temp).doesNotExist();
    }
}

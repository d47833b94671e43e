package dev.distcounter.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash can leave the last record half written. For every byte at which the write could have
 * stopped, recovery must return every earlier record, nothing of the torn one, keep the cut
 * bytes, say so at WARN, and carry on appending where the log now ends.
 *
 * <p>Guarantees: docs/guarantees.md §7.
 */
class TornWriteRecoveryTest {
    static final int RECORDS = 20;
    static final int PAYLOAD = 64;
    static final int FRAME = WalFormat.RECORD_HEADER_BYTES + PAYLOAD;

    @TempDir
    Path root;

    Path pristine;

    @BeforeEach
    void writeLog() throws Exception {
        pristine = root.resolve("pristine");
        try (WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(pristine), ReplayHandler.IGNORE)) {
            for (long id = 0; id < RECORDS; id++) {
                wal.append((byte) 1, Replayed.payload(id, PAYLOAD)).join();
            }
        }
    }

    @Test
    void truncationAtEveryByteOfTheLastRecordRecoversAllEarlierRecords() throws Exception {
        long lastRecordStart = WalFormat.SEGMENT_HEADER_BYTES + (long) (RECORDS - 1) * FRAME;
        for (int cut = 0; cut < FRAME; cut++) {
            Path dir = copy(pristine, root.resolve("cut-" + cut));
            Path segment = onlySegment(dir);
            WalDirectory.truncate(segment, lastRecordStart + cut);

            Replayed state = new Replayed();
            try (LogCapture log = new LogCapture(LogRecovery.class);
                    WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(dir), state)) {
                assertThat(state.ids)
                        .as("cut at byte %d of the last record", cut)
                        .isEqualTo(ids(0, RECORDS - 1));
                if (cut == 0) {
                    assertThat(log.warnings()).isEmpty();
                    assertThat(wal.recovery().truncations()).isEmpty();
                } else {
                    assertThat(log.warnings())
                            .singleElement()
                            .asString()
                            .contains(
                                    "torn write",
                                    segment.toString(),
                                    "offset " + lastRecordStart,
                                    "dropped " + cut + " bytes");
                    Truncation truncation = wal.recovery().truncations().get(0);
                    assertThat(truncation.tornTail()).isTrue();
                    assertThat(truncation.offset()).isEqualTo(lastRecordStart);
                    assertThat(Files.size(truncation.keptCopy()))
                            .as("cut bytes kept")
                            .isEqualTo(cut);
                }
                assertThat(Files.size(segment)).isEqualTo(lastRecordStart);
                assertThat(wal.lastSequence()).isEqualTo(RECORDS - 1);
                assertThat(wal.append((byte) 1, Replayed.payload(1000, PAYLOAD)).join())
                        .isEqualTo((long) RECORDS);
            }
            List<Long> expected = new java.util.ArrayList<>(ids(0, RECORDS - 1));
            expected.add(1000L);
            assertThat(Replayed.open(WalConfig.defaults(dir)).ids).isEqualTo(expected);
        }
    }

    @Test
    void bitFlipAnywhereInTheLastRecordIsATornTail() throws Exception {
        long lastRecordStart = WalFormat.SEGMENT_HEADER_BYTES + (long) (RECORDS - 1) * FRAME;
        for (int at = 0; at < FRAME; at++) {
            Path dir = copy(pristine, root.resolve("flip-" + at));
            Path segment = onlySegment(dir);
            Corruption.flipBit(segment, lastRecordStart + at, at % 8);
            Replayed state = new Replayed();
            try (WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(dir), state)) {
                assertThat(state.ids)
                        .as("bit flipped at byte %d of the last record", at)
                        .isEqualTo(ids(0, RECORDS - 1));
                assertThat(wal.recovery().truncations())
                        .singleElement()
                        .satisfies(t -> assertThat(t.tornTail()).isTrue());
            }
        }
    }

    @Test
    void tornHeaderOfANewSegmentIsCutAndTheLogGoesOn() throws Exception {
        Path dir = root.resolve("rotated");
        WalConfig config = WalConfig.defaults(dir).withMaxSegmentBytes(WalFormat.SEGMENT_HEADER_BYTES + 3 * FRAME);
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            for (long id = 0; id < 7; id++) {
                wal.append((byte) 1, Replayed.payload(id, PAYLOAD)).join();
            }
        }
        // Three segments: records 1-3, 4-6, 7. A crash right after creating the third one
        // could leave its header half written.
        Path third = dir.resolve(WalFormat.segmentFileName(7));
        WalDirectory.truncate(third, 9);
        Replayed state = new Replayed();
        try (WriteAheadLog wal = WriteAheadLog.open(config, state)) {
            assertThat(state.ids).isEqualTo(ids(0, 6));
            assertThat(wal.append((byte) 1, Replayed.payload(99, PAYLOAD)).join())
                    .isEqualTo(7L);
        }
        assertThat(Replayed.open(config).ids).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 99L);
    }

    @Test
    void tornAtTheSameOffsetTwiceKeepsBothCopies() throws Exception {
        Path dir = copy(pristine, root.resolve("twice"));
        Path segment = onlySegment(dir);
        long lastRecordStart = WalFormat.SEGMENT_HEADER_BYTES + (long) (RECORDS - 1) * FRAME;
        List<Path> kept = new java.util.ArrayList<>();
        for (int crash = 0; crash < 2; crash++) {
            WalDirectory.truncate(segment, lastRecordStart + 10);
            try (WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(dir), new Replayed())) {
                kept.add(wal.recovery().truncations().get(0).keptCopy());
                wal.append((byte) 1, Replayed.payload(crash, PAYLOAD)).join();
            }
        }
        assertThat(kept).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).hasSize(10));
    }

    private static List<Long> ids(long from, long toExclusive) {
        return LongStream.range(from, toExclusive).boxed().toList();
    }

    static Path onlySegment(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(WalFormat.SEGMENT_SUFFIX))
                    .reduce((a, b) -> {
                        throw new AssertionError("more than one segment: " + a + ", " + b);
                    })
                    .orElseThrow();
        }
    }

    static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!f.getFileName().toString().equals(WalFormat.LOCK_FILE)) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return to;
    }
}

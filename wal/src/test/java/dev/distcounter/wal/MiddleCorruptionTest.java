package dev.distcounter.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage that is not at the very end of the log is not a crash artefact: opening must refuse,
 * naming the file and offset, and lose nothing, unless repair is asked for.
 *
 * <p>Guarantees: docs/guarantees.md §7.
 */
class MiddleCorruptionTest {
    static final int PAYLOAD = 64;
    static final int FRAME = WalFormat.RECORD_HEADER_BYTES + PAYLOAD;
    /** Four records a segment: segments start at sequence 1, 5, 9, 13, 17. */
    static final long SEGMENT_BYTES = WalFormat.SEGMENT_HEADER_BYTES + 4L * FRAME;

    static final int RECORDS = 18;

    @TempDir
    Path dir;

    WalConfig config;

    @BeforeEach
    void writeLog() throws Exception {
        config = WalConfig.defaults(dir).withMaxSegmentBytes(SEGMENT_BYTES);
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            for (long id = 0; id < RECORDS; id++) {
                wal.append((byte) 1, Replayed.payload(id, PAYLOAD)).join();
            }
        }
    }

    private Path segment(long firstSeq) {
        return dir.resolve(WalFormat.segmentFileName(firstSeq));
    }

    private static long recordOffset(int indexInSegment) {
        return WalFormat.SEGMENT_HEADER_BYTES + (long) indexInSegment * FRAME;
    }

    @Test
    void bitFlipInAMiddleSegmentRefusesNamingFileAndOffset() throws Exception {
        long offset = recordOffset(2); // sequence 7, in the second segment
        Corruption.flipBit(segment(5), offset + 30, 3);
        byte[] before = Files.readAllBytes(segment(5));

        assertThatThrownBy(() -> WriteAheadLog.open(config, new Replayed()))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining(segment(5).toString())
                .hasMessageContaining("offset " + offset)
                .hasMessageContaining("checksum")
                .satisfies(
                        e -> assertThat(((WalCorruptionException) e).offset()).isEqualTo(offset));
        assertThat(Files.readAllBytes(segment(5)))
                .as("refusing changes nothing")
                .isEqualTo(before);
        assertThat(segment(17)).exists();
        // and the directory is not left locked
        assertThatThrownBy(() -> WriteAheadLog.open(config, new Replayed())).isInstanceOf(WalCorruptionException.class);
    }

    @Test
    void bitFlipInAnEarlierRecordOfTheLastSegmentRefuses() throws Exception {
        // Last segment holds 17 and 18; damage 17 while 18 is intact behind it.
        Corruption.flipBit(segment(17), recordOffset(0) + 20, 0);
        assertThatThrownBy(() -> WriteAheadLog.open(config, new Replayed()))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining("intact records after it");
    }

    @Test
    void repairTruncatesAtTheDamageAndKeepsEverythingCut() throws Exception {
        long offset = recordOffset(2);
        Corruption.flipBit(segment(5), offset + 30, 3);
        Replayed state = new Replayed();
        try (LogCapture log = new LogCapture(LogRecovery.class);
                WriteAheadLog wal = WriteAheadLog.open(config.withRepair(true), state)) {
            assertThat(state.ids).isEqualTo(LongStream.range(0, 6).boxed().toList());
            List<Truncation> cuts = wal.recovery().truncations();
            assertThat(cuts).hasSize(4); // the rest of segment 5, then segments 9, 13, 17
            assertThat(cuts.get(0).offset()).isEqualTo(offset);
            assertThat(cuts.get(0).bytesDropped()).isEqualTo(2L * FRAME);
            assertThat(cuts).allSatisfy(c -> {
                assertThat(c.tornTail()).isFalse();
                assertThat(c.keptCopy()).exists();
            });
            assertThat(log.warnings()).hasSize(4).allSatisfy(w -> assertThat(w).contains("REPAIR"));
            assertThat(wal.lastSequence()).isEqualTo(6);
            assertThat(wal.append((byte) 1, Replayed.payload(500, PAYLOAD)).join())
                    .isEqualTo(7L);
        }
        assertThat(segment(9)).doesNotExist();
        assertThat(Replayed.open(config).ids).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 500L);
    }

    @Test
    void damagedHeaderOfAMiddleSegmentRefuses() throws Exception {
        Corruption.flipBit(segment(9), 2, 1);
        assertThatThrownBy(() -> WriteAheadLog.open(config, new Replayed()))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining(segment(9).toString())
                .hasMessageContaining("magic");
    }

    @Test
    void missingMiddleSegmentRefuses() throws Exception {
        Files.delete(segment(9));
        assertThatThrownBy(() -> WriteAheadLog.open(config, new Replayed()))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining("segment starts at sequence 13")
                .hasMessageContaining(segment(13).toString());
    }

    @Test
    void missingFirstSegmentWithoutSnapshotRefuses() throws Exception {
        Files.delete(segment(1));
        assertThatThrownBy(() -> WriteAheadLog.open(config, new Replayed()))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining("records 1..4 are missing");
    }
}

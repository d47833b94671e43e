package dev.distcounter.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Any positive cut size works, as the original's {@code --wal-max-size} did: a segment always
 * takes its first record, so a record larger than the cut size goes alone into a segment of its
 * own, and every record comes back after a reopen.
 *
 * <p>Guarantees: docs/guarantees.md §7.
 */
class TinySegmentsTest {
    private static final int PAYLOAD = 64;
    private static final int FRAME = WalFormat.RECORD_HEADER_BYTES + PAYLOAD;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "--wal-max-size={0}")
    @ValueSource(longs = {1, 512, 1024})
    void everyRecordComesBackAcrossReopensAndSegmentsRotate(long maxSize) throws Exception {
        CountingObserver observed = new CountingObserver();
        WalConfig config = WalConfig.defaults(dir)
                .withFsync(false)
                .withMaxSegmentBytes(maxSize)
                .withObserver(observed);
        List<Long> appended = new ArrayList<>();
        for (int session = 0; session < 3; session++) {
            Replayed state = new Replayed();
            try (WriteAheadLog wal = WriteAheadLog.open(config, state)) {
                assertThat(state.ids).as("replay of session %d", session).isEqualTo(appended);
                // Unawaited appends share batches, so rotations happen in the middle of a batch too.
                List<CompletableFuture<Long>> pending = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    long id = appended.size();
                    appended.add(id);
                    pending.add(wal.append((byte) 1, Replayed.payload(id, PAYLOAD)));
                }
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                        .join();
            }
        }
        Replayed last = Replayed.open(config);
        assertThat(last.ids)
                .isEqualTo(LongStream.range(0, appended.size()).boxed().toList());

        Map<Path, Long> recordsPerSegment = recordsPerSegment(appended.size());
        long perSegment = Math.max(1, (maxSize - WalFormat.SEGMENT_HEADER_BYTES) / FRAME);
        assertThat(recordsPerSegment.values())
                .as("records in each segment with a cut size of %d bytes", maxSize)
                .allMatch(records -> records >= 1 && records <= perSegment);
        assertThat(recordsPerSegment)
                .as("segments for %d records of %d bytes", appended.size(), FRAME)
                .hasSizeGreaterThanOrEqualTo((int) (appended.size() / perSegment));
        assertThat(observed.rotations.get()).isGreaterThan(0);
        assertFitOrHoldOneRecord(recordsPerSegment, maxSize);
    }

    @Test
    void aRecordLargerThanTheCutSizeGoesAloneIntoASegmentOfItsOwn() throws Exception {
        WalConfig config = WalConfig.defaults(dir).withMaxSegmentBytes(512);
        try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
            wal.append((byte) 1, Replayed.payload(0, PAYLOAD)).join();
            wal.append((byte) 1, Replayed.payload(1, 2000)).join();
            wal.append((byte) 1, Replayed.payload(2, PAYLOAD)).join();
        }

        assertThat(Replayed.open(config).ids).containsExactly(0L, 1L, 2L);
        assertThat(recordsPerSegment(3).values()).containsExactly(1L, 1L, 1L);
    }

    /** Records of any size (up to the record limit) and any cut size: nothing lost, no segment overfull. */
    @Property(tries = 25)
    void anyCutSizeKeepsEveryRecord(
            @ForAll @IntRange(min = 1, max = 2048) int maxSize,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 8, max = 3000) Integer> payloadSizes)
            throws Exception {
        // jqwik does not inject JUnit's @TempDir.
        Path home = Files.createTempDirectory("tiny-segments");
        try {
            WalConfig config = WalConfig.defaults(home).withFsync(false).withMaxSegmentBytes(maxSize);
            int half = payloadSizes.size() / 2;
            for (List<Integer> session :
                    List.of(payloadSizes.subList(0, half), payloadSizes.subList(half, payloadSizes.size()))) {
                try (WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE)) {
                    long id = wal.lastSequence();
                    for (int size : session) {
                        var unused = wal.append((byte) 1, Replayed.payload(id++, size));
                    }
                }
            }
            Replayed last = Replayed.open(config);
            assertThat(last.ids)
                    .isEqualTo(LongStream.range(0, payloadSizes.size()).boxed().toList());
            assertFitOrHoldOneRecord(recordsPerSegment(home, payloadSizes.size()), maxSize);
        } finally {
            deleteTree(home);
        }
    }

    private static void deleteTree(Path home) throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private Map<Path, Long> recordsPerSegment(long records) throws IOException {
        return recordsPerSegment(dir, records);
    }

    /** How many records each segment holds, from the first sequence numbers in the file names. */
    private static Map<Path, Long> recordsPerSegment(Path home, long records) throws IOException {
        NavigableMap<Long, Path> segments = new TreeMap<>();
        try (Stream<Path> files = Files.list(home)) {
            files.forEach(f -> WalFormat.parseSegmentFileName(f).ifPresent(first -> segments.put(first, f)));
        }
        Map<Path, Long> counts = new TreeMap<>();
        for (Map.Entry<Long, Path> segment : segments.entrySet()) {
            Long next = segments.higherKey(segment.getKey());
            // Each reopen appends to the last segment; the one after the last record may be empty.
            long end = next != null ? next : records + 1;
            counts.put(segment.getValue(), end - segment.getKey());
        }
        counts.values().removeIf(count -> count == 0);
        return counts;
    }

    private static void assertFitOrHoldOneRecord(Map<Path, Long> recordsPerSegment, long maxSize) throws IOException {
        for (Map.Entry<Path, Long> segment : recordsPerSegment.entrySet()) {
            long size = Files.size(segment.getKey());
            assertThat(size <= maxSize || segment.getValue() == 1)
                    .as("%s: %d bytes, %d records, cut size %d", segment.getKey(), size, segment.getValue(), maxSize)
                    .isTrue();
        }
    }
}

package dev.distcounter.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guarantees: docs/guarantees.md §7. */
class WalRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void manyRecordsAcrossRotationsSnapshotsAndReopensComeBackInOrder() throws Exception {
        CountingObserver observed = new CountingObserver();
        WalConfig config = WalConfig.defaults(dir)
                .withFsync(false)
                .withMaxSegmentBytes(4096)
                .withObserver(observed);
        List<Long> applied = new ArrayList<>();
        long nextId = 0;
        int maxSegmentsSeen = 0;
        for (int session = 0; session < 5; session++) {
            Replayed state = new Replayed();
            try (WriteAheadLog wal = WriteAheadLog.open(config, state)) {
                long rotationsBefore = observed.rotations.get();
                assertThat(state.ids).as("replay of session %d", session).isEqualTo(applied);
                for (int i = 0; i < 4_000; i++) {
                    long id = nextId++;
                    applied.add(id);
                    var unused = wal.append((byte) 1, Replayed.payload(id, 64));
                    if (i % 1_500 == 1_499) {
                        long covered = wal.lastSequence();
                        wal.writeSnapshot(covered, Replayed.snapshotOf(applied));
                    }
                    maxSegmentsSeen = Math.max(maxSegmentsSeen, wal.segmentCount());
                }
                wal.sync().join();
                assertThat(observed.rotations.get() - rotationsBefore)
                        .as("4,000 records of 81 bytes cut into 4 KiB segments")
                        .isGreaterThan(60);
            }
        }
        Replayed last = Replayed.open(config);
        assertThat(last.ids).isEqualTo(LongStream.range(0, nextId).boxed().toList());
        assertThat(last.sequences)
                .as("replayed sequences are consecutive after the snapshot")
                .isEqualTo(LongStream.rangeClosed(last.snapshotSequence + 1, nextId)
                        .boxed()
                        .toList());
        // 1,500 records of 81 bytes fill about 30 segments of 4 KiB; with two snapshots kept,
        // at most about three snapshot intervals of segments may be on disk.
        assertThat(maxSegmentsSeen).isLessThan(100);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".wal")).count()).isLessThan(100);
        }
    }

    @Test
    void emptyLogReopensEmptyAndStartsAtSequenceOne() throws Exception {
        WalConfig config = WalConfig.defaults(dir);
        Replayed first = Replayed.open(config);
        assertThat(first.ids).isEmpty();
        try (WriteAheadLog wal = WriteAheadLog.open(config, new Replayed())) {
            assertThat(wal.lastSequence()).isZero();
            assertThat(wal.append((byte) 7, new byte[0]).join()).isEqualTo(1L);
            assertThat(wal.append((byte) 7, Replayed.payload(5, 8)).join()).isEqualTo(2L);
        }
        List<Byte> types = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        WriteAheadLog.open(config, new ReplayHandler() {
                    @Override
                    public void onSnapshot(long coveredSequence, java.nio.ByteBuffer state) {}

                    @Override
                    public void onRecord(long sequence, byte type, java.nio.ByteBuffer payload) {
                        types.add(type);
                        sizes.add(payload.remaining());
                    }
                })
                .close();
        assertThat(types).containsExactly((byte) 7, (byte) 7);
        assertThat(sizes).containsExactly(0, 8);
    }

    @Test
    void futuresCompleteWithConsecutiveSequenceNumbers() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(dir), ReplayHandler.IGNORE)) {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(wal.append((byte) 1, Replayed.payload(i, 16)));
            }
            for (int i = 0; i < 100; i++) {
                assertThat(futures.get(i).join()).isEqualTo(i + 1L);
            }
            assertThat(wal.lastSequence()).isEqualTo(100);
        }
    }

    enum Action {
        APPEND,
        APPEND_BIG,
        SNAPSHOT,
        REOPEN,
        SYNC
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        return Arbitraries.of(Action.class).list().ofMinSize(1).ofMaxSize(60);
    }

    /** Any mix of appends, snapshots, syncs and reopens replays to exactly what was appended. */
    @Property(tries = 60)
    void anyHistoryReplaysToWhatWasAppended(@ForAll("actions") List<Action> actions, @ForAll boolean fsync)
            throws Exception {
        Path home = Files.createTempDirectory("wal-prop");
        try {
            WalConfig config = WalConfig.defaults(home).withFsync(fsync).withMaxSegmentBytes(1024);
            List<Long> applied = new ArrayList<>();
            long id = 0;
            WriteAheadLog wal = WriteAheadLog.open(config, ReplayHandler.IGNORE);
            try {
                for (Action action : actions) {
                    switch (action) {
                        case APPEND -> {
                            for (int i = 0; i < 7; i++) {
                                applied.add(id);
                                var unused = wal.append((byte) 2, Replayed.payload(id++, 20));
                            }
                        }
                        case APPEND_BIG -> {
                            applied.add(id);
                            var unused = wal.append((byte) 3, Replayed.payload(id++, 900));
                        }
                        case SNAPSHOT -> wal.writeSnapshot(wal.lastSequence(), Replayed.snapshotOf(applied));
                        case SYNC -> wal.sync().join();
                        case REOPEN -> {
                            wal.close();
                            Replayed state = new Replayed();
                            wal = WriteAheadLog.open(config, state);
                            assertThat(state.ids).isEqualTo(applied);
                        }
                    }
                }
            } finally {
                wal.close();
            }
            assertThat(Replayed.open(config).ids).isEqualTo(applied);
        } finally {
            deleteRecursively(home);
        }
    }

    static void deleteRecursively(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

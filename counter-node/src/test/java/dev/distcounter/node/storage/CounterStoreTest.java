package dev.distcounter.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.node.crdt.CounterOverflowException;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.crdt.ReplicaId;
import dev.distcounter.wal.ReplayHandler;
import dev.distcounter.wal.WalConfig;
import dev.distcounter.wal.WriteAheadLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guarantees: docs/guarantees.md §2, §3, §5 and §7. */
class CounterStoreTest {
    static final String NODE = "localhost:9001";

    @TempDir
    Path dir;

    StorageConfig config(boolean fsync, long segmentBytes, long snapshotEvery) {
        return new StorageConfig(true, fsync, dir, segmentBytes, snapshotEvery, false);
    }

    @Test
    void acknowledgedChangesSurviveARestart() throws Exception {
        StorageConfig config = config(true, 64L << 20, 1_000_000);
        try (CounterStore store = CounterStore.open(NODE, config, () -> 1_000)) {
            for (int i = 0; i < 10; i++) {
                store.add(1).durable().get(5, TimeUnit.SECONDS);
            }
            store.add(-3).durable().get(5, TimeUnit.SECONDS);
            PNCounter remote = PNCounter.empty().increment(new ReplicaId("localhost:9002", 5), 4);
            assertThat(store.merge(remote).value()).isEqualTo(4);
            assertThat(store.merge(remote).isEmpty())
                    .as("nothing new the second time")
                    .isTrue();
            store.sync().get(5, TimeUnit.SECONDS);
        }
        try (CounterStore store = CounterStore.open(NODE, config, () -> 1_000)) {
            assertThat(store.current().value()).isEqualTo(11);
            assertThat(store.current().version()).isEqualTo(17);
        }
    }

    @Test
    void segmentsOfAFewHundredBytesAsTheOriginalAllowedKeepEveryChange() throws Exception {
        StorageConfig config = config(false, 512, 1_000_000);
        PNCounter manyReplicas = PNCounter.empty();
        for (int i = 0; i < 40; i++) {
            manyReplicas = manyReplicas.increment(new ReplicaId("localhost:" + (10_000 + i), 1), 1);
        }
        try (CounterStore store = CounterStore.open(NODE, config, () -> 1_000)) {
            for (int i = 0; i < 100; i++) {
                store.add(1).durable().join();
            }
            // A merge record of 40 replicas is larger than a segment: it goes into one of its own.
            store.merge(manyReplicas);
            store.sync().join();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".wal")).count())
                    .as("segments of 512 bytes")
                    .isGreaterThan(5);
        }
        try (CounterStore store = CounterStore.open(NODE, config, () -> 2_000)) {
            assertThat(store.current().value()).isEqualTo(140);
        }
    }

    @Test
    void everyStartGetsANewIncarnationEvenIfTheClockGoesBack() throws Exception {
        StorageConfig config = config(true, 64L << 20, 1_000_000);
        AtomicLong clock = new AtomicLong(5_000);
        long first;
        try (CounterStore store = CounterStore.open(NODE, config, clock::get)) {
            first = store.self().incarnation();
            assertThat(first).isEqualTo(5_000);
            store.add(1).durable().join();
        }
        clock.set(10); // wall clock stepped back
        long second;
        try (CounterStore store = CounterStore.open(NODE, config, clock::get)) {
            second = store.self().incarnation();
            assertThat(second).isEqualTo(first + 1);
            store.add(1).durable().join();
            assertThat(store.current().entries()).containsKeys(new ReplicaId(NODE, first), new ReplicaId(NODE, second));
        }
        clock.set(20_000);
        try (CounterStore store = CounterStore.open(NODE, config, clock::get)) {
            assertThat(store.self().incarnation()).isEqualTo(20_000);
            assertThat(store.current().value()).isEqualTo(2);
        }
    }

    @Test
    void incarnationSurvivesInTheSnapshotAfterOldSegmentsAreGone() throws Exception {
        // Tiny segments and frequent snapshots: the records holding the first incarnations
        // are deleted, the snapshot must remember them.
        StorageConfig config = config(false, 512, 20);
        AtomicLong clock = new AtomicLong(1);
        long last = 0;
        for (int start = 0; start < 5; start++) {
            try (CounterStore store = CounterStore.open(NODE, config, clock::get)) {
                assertThat(store.self().incarnation()).isGreaterThan(last);
                last = store.self().incarnation();
                for (int i = 0; i < 100; i++) {
                    store.add(1);
                    if (i % 10 == 0) {
                        store.sync().join();
                        store.snapshotIfDue();
                    }
                }
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".wal")).count()).isLessThan(50);
        }
        try (CounterStore store = CounterStore.open(NODE, config, clock::get)) {
            assertThat(store.current().value()).isEqualTo(500);
            assertThat(store.current().entries()).hasSize(5);
        }
    }

    @Test
    void restartAfterManyRotationsRestoresTheExactValue() throws Exception {
        StorageConfig config = config(false, 1024, 1_000_000);
        long expected = 0;
        try (CounterStore store = CounterStore.open(NODE, config, () -> 1)) {
            for (int i = 1; i <= 3_000; i++) {
                long delta = i % 3 == 0 ? -2 : 5;
                store.add(delta);
                expected += delta;
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".wal")).count()).isGreaterThan(100);
        }
        try (CounterStore store = CounterStore.open(NODE, config, () -> 2)) {
            assertThat(store.current().value()).isEqualTo(expected);
        }
    }

    @Test
    void snapshotIsTakenOnlyWhenDue() throws Exception {
        try (CounterStore store = CounterStore.open(NODE, config(true, 64L << 20, 5), () -> 1)) {
            store.add(1).durable().join();
            assertThat(store.snapshotIfDue())
                    .as("2 records (incarnation + 1) < 5")
                    .isFalse();
            for (int i = 0; i < 4; i++) {
                store.add(1).durable().join();
            }
            assertThat(store.snapshotIfDue()).isTrue();
            assertThat(store.snapshotIfDue()).isFalse();
        }
    }

    @Test
    void overflowIsRefusedAndNothingIsLogged() throws Exception {
        try (CounterStore store = CounterStore.open(NODE, config(true, 64L << 20, 1_000_000), () -> 1)) {
            // A peer's entry brings the version to 2^63-2: one more unit fits, two do not.
            store.merge(PNCounter.of(java.util.Map.of(
                    new ReplicaId("localhost:9002", 1),
                    new dev.distcounter.node.crdt.CounterEntry(Long.MAX_VALUE - 1, 0))));
            store.sync().join();
            long before = store.wal().orElseThrow().lastSequence();
            assertThatThrownBy(() -> store.add(2)).isInstanceOf(CounterOverflowException.class);
            assertThat(store.wal().orElseThrow().lastSequence()).isEqualTo(before);
            assertThat(store.current().value()).isEqualTo(Long.MAX_VALUE - 1);
            store.add(-1).durable().join();
            assertThat(store.current().version()).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void aRecordThisNodeCannotReadStopsTheStart() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(dir), ReplayHandler.IGNORE)) {
            wal.append(CounterLogFormat.MERGE, new byte[] {1, 2, 3}).join();
        }
        assertThatThrownBy(() -> CounterStore.open(NODE, config(true, 64L << 20, 10), () -> 1))
                .hasMessageContaining("cannot read")
                .hasMessageContaining("cut short");
        // and the directory was released
        WriteAheadLog.open(WalConfig.defaults(dir), ReplayHandler.IGNORE).close();
    }

    @Test
    void aMergeLargerThanOneRecordIsSplitAndReplaysWhole() throws Exception {
        StorageConfig config = config(true, 4096, 1_000_000);
        java.util.Map<ReplicaId, dev.distcounter.node.crdt.CounterEntry> many = new java.util.HashMap<>();
        for (int i = 0; i < 500; i++) { // about 20 KB encoded: five segments' worth
            many.put(new ReplicaId("peer-" + i + ":9000", i), new dev.distcounter.node.crdt.CounterEntry(i + 1, 0));
        }
        PNCounter remote = PNCounter.of(many);
        try (CounterStore store = CounterStore.open(NODE, config, () -> 1)) {
            assertThat(store.merge(remote)).isEqualTo(remote);
            store.sync().get(5, TimeUnit.SECONDS);
        }
        try (CounterStore store = CounterStore.open(NODE, config, () -> 2)) {
            assertThat(store.current()).isEqualTo(remote);
        }
    }

    @Test
    void afterTheLogFailsWritesAreRefusedBeforeTheyApply() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean diskFull = new java.util.concurrent.atomic.AtomicBoolean();
        try (CounterStore store = CounterStore.open(NODE, config(true, 64L << 20, 1_000_000), () -> 1, channel -> {
            if (diskFull.get()) {
                throw new java.io.IOException("No space left on device");
            }
            channel.force(false);
        })) {
            store.add(1).durable().get(5, TimeUnit.SECONDS);
            diskFull.set(true);
            assertThatThrownBy(() -> store.add(1).durable().get(5, TimeUnit.SECONDS))
                    .hasRootCauseMessage("No space left on device");
            assertThat(store.failure()).hasValueSatisfying(m -> assertThat(m).contains("No space left"));
            long version = store.current().version();
            assertThatThrownBy(() -> store.add(1))
                    .isInstanceOf(StoreFailedException.class)
                    .hasMessageContaining("write-ahead log failed");
            assertThat(store.current().version())
                    .as("refused before it was applied")
                    .isEqualTo(version);
        } catch (dev.distcounter.wal.WalFailedException closingAFailedLog) {
            // close() reports the failure again; expected here
        }
    }

    @Test
    void inMemoryStoreNeedsNoDisk() {
        CounterStore store = CounterStore.inMemory(NODE, 42);
        assertThat(store.persistent()).isFalse();
        assertThat(store.add(3).durable()).isDone();
        assertThat(store.current().value()).isEqualTo(3);
        assertThat(store.self()).isEqualTo(new ReplicaId(NODE, 42));
    }
}

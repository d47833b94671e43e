package dev.distcounter.node.kvstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.distcounter.node.kv.KeyLimits;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.storage.StorageConfig;
import dev.distcounter.node.storage.StoreFailedException;
import dev.distcounter.wal.ReplayHandler;
import dev.distcounter.wal.WalConfig;
import dev.distcounter.wal.WalFailedException;
import dev.distcounter.wal.WalObserver;
import dev.distcounter.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica's durable store: greater version wins, tombstones stay, restarts recover exactly
 * (from records, from a snapshot and the records after it, after a torn write), a failed log
 * refuses before anything changes, and concurrent writers end at each key's greatest version.
 */
class ReplicaStoreTest {
    static final String NODE = "localhost:9001";

    @TempDir
    Path dir;

    StorageConfig config(Path root, long segmentBytes, long snapshotEvery) {
        return new StorageConfig(true, true, root, segmentBytes, snapshotEvery, false);
    }

    StorageConfig config() {
        return config(dir, 64L << 20, 1_000_000);
    }

    static Version v(long counter, String writer, long stamp) {
        return new Version(counter, writer, stamp);
    }

    static Versioned value(long counter, String value) {
        return Versioned.value(v(counter, "a:1", 0), value);
    }

    static Stored stored(ReplicaStore store, String key, Versioned incoming) throws Exception {
        return store.apply(key, incoming).get(10, TimeUnit.SECONDS);
    }

    /**
     * What a crash would leave: the replica log's files as they are on disk now (after a sync),
     * copied under {@code target}, without the shutdown snapshot that closing writes.
     */
    StorageConfig crashCopy(ReplicaStore store, StorageConfig config, Path target) throws IOException {
        store.wal().orElseThrow().sync().join();
        Path from = ReplicaStore.directory(config);
        StorageConfig copy = config(target, config.maxSegmentBytes(), config.snapshotEvery());
        Path to = Files.createDirectories(ReplicaStore.directory(copy));
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    static void assertHolds(ReplicaStore store, Map<String, Versioned> expected) {
        assertThat(store.size()).isEqualTo(expected.size());
        long valueBytes = 0;
        for (Map.Entry<String, Versioned> e : expected.entrySet()) {
            assertThat(store.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            valueBytes += ReplicaStore.valueBytesOf(e.getKey(), e.getValue());
        }
        assertThat(store.valueBytes()).isEqualTo(valueBytes);
    }

    @Test
    void theNewerVersionWinsAndAnOlderOneIsRefusedWithTheHeldVersion() throws Exception {
        try (ReplicaStore store = ReplicaStore.open(NODE, config(), WalObserver.NONE)) {
            assertThat(store.get("k")).isNull();
            assertThat(stored(store, "k", value(2, "two"))).isEqualTo(new Stored(true, v(2, "a:1", 0), 0));
            assertThat(stored(store, "k", value(1, "one"))).as("older").isEqualTo(Stored.kept(v(2, "a:1", 0)));
            assertThat(stored(store, "k", value(2, "two again")))
                    .as("the same version")
                    .isEqualTo(Stored.kept(v(2, "a:1", 0)));
            assertThat(stored(store, "k", Versioned.value(v(2, "b:1", 0), "by b")))
                    .as("same counter, greater writer")
                    .isEqualTo(new Stored(true, v(2, "b:1", 0), 2));
            assertThat(stored(store, "k", value(3, "three")).applied()).isTrue();
            assertThat(store.get("k")).isEqualTo(value(3, "three"));
            assertThat(store.size()).isEqualTo(1);
            assertThat(store.valueBytes()).isEqualTo("k".length() + "three".length());
            assertThat(store.wal().orElseThrow().lastSequence())
                    .as("one record per applied write")
                    .isEqualTo(3);
        }
    }

    @Test
    void aTombstoneWinsOverAValueAndAnOlderValueDoesNotComeBack() throws Exception {
        try (ReplicaStore store = ReplicaStore.open(NODE, config(), WalObserver.NONE)) {
            stored(store, "k", value(1, "v1"));
            assertThat(stored(store, "k", Versioned.tombstone(v(2, "a:1", 0))).applied())
                    .isTrue();
            assertThat(store.get("k").deleted()).isTrue();
            assertThat(stored(store, "k", value(1, "v1 again"))).isEqualTo(Stored.kept(v(2, "a:1", 0)));
            assertThat(store.valueBytes()).as("a tombstone counts its key").isEqualTo(1);
        }
        try (ReplicaStore store = ReplicaStore.open(NODE, config(), WalObserver.NONE)) {
            assertThat(store.get("k")).isEqualTo(Versioned.tombstone(v(2, "a:1", 0)));
            assertThat(stored(store, "k", value(3, "v3")).applied())
                    .as("a newer write replaces the tombstone")
                    .isTrue();
        }
    }

    /** A few keys written, overwritten and deleted; the model says what the store must hold. */
    static Map<String, Versioned> writeSome(ReplicaStore store, int from, int to) throws Exception {
        Map<String, Versioned> model = new HashMap<>();
        for (int i = from; i < to; i++) {
            String key = "key-" + (i % 7);
            Versioned incoming = i % 5 == 4
                    ? Versioned.tombstone(v(i + 1, "a:1", i))
                    : Versioned.value(v(i + 1, i % 2 == 0 ? "a:1" : "b:1", i), "value " + i + " ü€😀");
            stored(store, key, incoming);
            model.put(key, incoming);
        }
        return model;
    }

    @Test
    void aCleanRestartRecoversExactlyFromTheShutdownSnapshot() throws Exception {
        Map<String, Versioned> model;
        try (ReplicaStore store = ReplicaStore.open(NODE, config(), WalObserver.NONE)) {
            model = writeSome(store, 0, 40);
        }
        try (ReplicaStore store = ReplicaStore.open(NODE, config(), WalObserver.NONE)) {
            assertThat(store.recovery().orElseThrow().snapshotSequence()).isEqualTo(40);
            assertThat(store.recovery().orElseThrow().recordsReplayed()).isZero();
            assertHolds(store, model);
        }
    }

    @Test
    void aCrashRecoversExactlyFromRecordsAlone() throws Exception {
        Crashed crashed = crashAfterWriting(40);
        try (ReplicaStore store = ReplicaStore.open(NODE, crashed.config(), WalObserver.NONE)) {
            assertThat(store.recovery().orElseThrow().snapshotSequence()).isZero();
            assertThat(store.recovery().orElseThrow().recordsReplayed()).isEqualTo(40);
            assertHolds(store, crashed.model());
        }
    }

    /** A crash's leftovers (see {@link #crashCopy}) and what the store held when it happened. */
    record Crashed(StorageConfig config, Map<String, Versioned> model) {}

    Crashed crashAfterWriting(int writes) throws Exception {
        try (ReplicaStore store = ReplicaStore.open(NODE, config(), WalObserver.NONE)) {
            Map<String, Versioned> model = writeSome(store, 0, writes);
            return new Crashed(crashCopy(store, config(), dir.resolve("crashed")), model);
        }
    }

    @Test
    void aCrashRecoversExactlyFromASnapshotAndTheRecordsAfterIt() throws Exception {
        StorageConfig config = config(dir, 512, 25); // small segments: the snapshots let old ones go
        StorageConfig crashed;
        Map<String, Versioned> model;
        try (ReplicaStore store = ReplicaStore.open(NODE, config, WalObserver.NONE)) {
            model = writeSome(store, 0, 30);
            assertThat(store.snapshotIfDue()).isTrue();
            assertThat(store.snapshotIfDue()).as("not due again at once").isFalse();
            model.putAll(writeSome(store, 30, 60));
            assertThat(store.snapshotIfDue()).as("25 more records").isTrue();
            model.putAll(writeSome(store, 60, 70));
            crashed = crashCopy(store, config, dir.resolve("crashed"));
        }
        try (ReplicaStore store = ReplicaStore.open(NODE, crashed, WalObserver.NONE)) {
            assertThat(store.recovery().orElseThrow().snapshotSequence()).isEqualTo(60);
            assertThat(store.recovery().orElseThrow().recordsReplayed()).isEqualTo(10);
            assertHolds(store, model);
        }
        try (ReplicaStore store = ReplicaStore.open(NODE, config, WalObserver.NONE)) {
            assertHolds(store, model);
        }
    }

    @Test
    void afterTheLogFailsWritesAreRefusedBeforeTheyChangeAnything() throws Exception {
        AtomicBoolean diskFull = new AtomicBoolean();
        ReplicaStore store = ReplicaStore.open(
                NODE,
                config(),
                channel -> {
                    if (diskFull.get()) {
                        throw new IOException("No space left on device");
                    }
                    channel.force(false);
                },
                WalObserver.NONE);
        try {
            stored(store, "k", value(1, "one"));
            diskFull.set(true);
            assertThatThrownBy(() -> stored(store, "other", value(1, "lost")))
                    .hasRootCauseMessage("No space left on device");
            assertThat(store.failure()).hasValueSatisfying(m -> assertThat(m).contains("No space left"));
            Versioned before = store.get("k");
            long valueBytesBefore = store.valueBytes();
            CompletableFuture<Stored> refused = store.apply("k", value(5, "five"));
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join)
                    .hasCauseInstanceOf(StoreFailedException.class)
                    .hasMessageContaining("write-ahead log failed");
            assertThat(store.get("k")).as("refused before it was applied").isEqualTo(before);
            assertThat(store.apply("new", value(1, "x"))).isCompletedExceptionally();
            assertThat(store.get("new")).isNull();
            assertThat(store.valueBytes()).isEqualTo(valueBytesBefore);
        } finally {
            try {
                store.close();
            } catch (WalFailedException closingAFailedLog) {
                // close() reports the failure again; expected here
            }
        }
    }

    @Test
    void concurrentWritersLeaveTheGreatestVersionOfEveryKeyInMemoryInTheLogAndAfterARestart() throws Exception {
        int threads = 8;
        int writesEach = 5_000;
        int keys = 3;
        StorageConfig config = config(dir, 4096, 1_000_000);
        Map<String, Versioned> greatest = new HashMap<>();
        StorageConfig crashed;
        try (ReplicaStore store = ReplicaStore.open(NODE, config, WalObserver.NONE)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Map<String, Versioned>>> results = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    Random random = new Random(42 + t);
                    String writer = "w" + t + ":1";
                    results.add(pool.submit(() -> writeRandomly(store, random, writer, writesEach, keys)));
                }
                for (Future<Map<String, Versioned>> r : results) {
                    r.get(60, TimeUnit.SECONDS)
                            .forEach((k, held) -> greatest.merge(k, held, (a, b) -> b.supersedes(a) ? b : a));
                }
            } finally {
                pool.shutdownNow();
            }
            assertHolds(store, greatest);
            crashed = crashCopy(store, config, dir.resolve("crashed"));
        }
        assertThat(perKeyVersionsInLogOrder(ReplicaStore.directory(crashed)).values())
                .as("the log holds each key's records in the order memory took them: increasing")
                .allSatisfy(versions -> assertThat(versions).isSorted().doesNotHaveDuplicates());
        try (ReplicaStore store = ReplicaStore.open(NODE, crashed, WalObserver.NONE)) {
            assertHolds(store, greatest);
        }
        try (ReplicaStore store = ReplicaStore.open(NODE, config, WalObserver.NONE)) {
            assertHolds(store, greatest);
        }
    }

    /**
     * Writers add new keys while snapshots are taken: every key must be in the snapshot or in a
     * record after it. (New keys, not overwrites: a later record of the same key would hide a
     * snapshot that missed an earlier one.)
     */
    @Test
    void snapshotsTakenWhileWritersAddKeysLoseNone() throws Exception {
        int threads = 3;
        int keysEach = 20_000;
        StorageConfig config = config(dir, 64L << 20, 1_000);
        StorageConfig crashed;
        AtomicInteger taken = new AtomicInteger();
        int snapshots;
        try (ReplicaStore store = ReplicaStore.open(NODE, config, WalObserver.NONE)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> writers = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    String writer = "w" + t + ":1";
                    writers.add(pool.submit(() -> {
                        CompletableFuture<Stored> last = null;
                        for (int i = 0; i < keysEach; i++) {
                            if (i > 0 && i % 4_000 == 0) {
                                // Never far ahead of the snapshots, so that several are taken
                                // while the writers write, however the threads are scheduled.
                                int due = i / 4_000;
                                await().atMost(Duration.ofSeconds(30)).until(() -> taken.get() >= due);
                            }
                            last = store.apply(writer + "/" + i, Versioned.value(v(1, writer, i), "v"));
                        }
                        return last.join();
                    }));
                }
                while (!writers.stream().allMatch(Future::isDone)) {
                    if (store.snapshotIfDue()) {
                        taken.incrementAndGet();
                    }
                }
                snapshots = taken.get();
                for (Future<?> w : writers) {
                    w.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.size()).isEqualTo(threads * keysEach);
            crashed = crashCopy(store, config, dir.resolve("crashed"));
        }
        assertThat(snapshots).isGreaterThan(2);
        try (ReplicaStore store = ReplicaStore.open(NODE, crashed, WalObserver.NONE)) {
            assertThat(store.recovery().orElseThrow().snapshotSequence()).isPositive();
            assertThat(store.size()).isEqualTo(threads * keysEach);
        }
    }

    /** Random writes (some deletes); returns the greatest this thread wrote to each key. */
    static Map<String, Versioned> writeRandomly(ReplicaStore store, Random random, String writer, int writes, int keys)
            throws Exception {
        Map<String, Versioned> mine = new HashMap<>();
        List<CompletableFuture<Stored>> pending = new ArrayList<>();
        List<Versioned> sent = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            String key = "key-" + random.nextInt(keys);
            // Rising with jitter: most writes win, and the threads race for the same keys at once.
            Version version = v(1 + 4L * i + random.nextInt(8), writer, i);
            Versioned incoming = random.nextInt(8) == 0
                    ? Versioned.tombstone(version)
                    : Versioned.value(version, "v" + random.nextInt(1_000));
            pending.add(store.apply(key, incoming));
            sent.add(incoming);
            mine.merge(key, incoming, (a, b) -> b.supersedes(a) ? b : a);
        }
        for (int i = 0; i < pending.size(); i++) {
            Stored s = pending.get(i).get(30, TimeUnit.SECONDS);
            Version version = sent.get(i).version();
            if (s.applied()) {
                assertThat(s.version()).isEqualTo(version);
            } else {
                assertThat(s.version())
                        .as("refused: what it held is at least as great")
                        .isGreaterThanOrEqualTo(version);
            }
        }
        return mine;
    }

    /** The versions of each key's PUT records, in log order, read straight from the log. */
    static Map<String, List<Version>> perKeyVersionsInLogOrder(Path kvDir) throws IOException {
        Map<String, List<Version>> versions = new HashMap<>();
        HeldReader reader = new HeldReader();
        ReplayHandler handler = new ReplayHandler() {
            @Override
            public void onSnapshot(long coveredSequence, ByteBuffer state) {
                throw new AssertionError("no snapshot expected");
            }

            @Override
            public void onRecord(long sequence, byte type, ByteBuffer payload) {
                ReplicaLogFormat.readPut(
                        payload,
                        reader,
                        (key, held) -> versions.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(held.version()));
            }
        };
        WalConfig walConfig = WalConfig.defaults(kvDir).withMaxRecordBytes(ReplicaLogFormat.MAX_RECORD_BYTES);
        WriteAheadLog.open(walConfig, handler).close();
        return versions;
    }

    @Test
    void aTornTailIsCutOnOpenAndEverythingBeforeItKept() throws Exception {
        Crashed crashed = crashAfterWriting(10);
        Path segment;
        try (Stream<Path> files = Files.list(ReplicaStore.directory(crashed.config()))) {
            segment =
                    files.filter(f -> f.toString().endsWith(".wal")).findFirst().orElseThrow();
        }
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 5); // the last record half written
        }
        try (ReplicaStore store = ReplicaStore.open(NODE, crashed.config(), WalObserver.NONE)) {
            assertThat(store.recovery().orElseThrow().recordsReplayed()).isEqualTo(9);
            assertThat(store.recovery().orElseThrow().truncations())
                    .singleElement()
                    .satisfies(t -> assertThat(t.tornTail()).isTrue());
            // write 9 was key-2's newest (i % 7 == 2); before it, key-2 held write 2
            Map<String, Versioned> before = writeSome(ReplicaStore.inMemory(NODE), 0, 9);
            assertHolds(store, before);
            assertThat(crashed.model().get("key-2")).isNotEqualTo(before.get("key-2"));
            assertThat(stored(store, "key-2", value(100, "after")).applied())
                    .as("appends continue")
                    .isTrue();
        }
    }

    @Test
    void aOneMebibyteValueRoundTripsThroughRecordsAndSnapshots() throws Exception {
        String ascii = "x".repeat(KeyLimits.MAX_VALUE_BYTES);
        String wide = "€".repeat(KeyLimits.MAX_VALUE_BYTES / 3); // 3 bytes of UTF-8 each
        String longKey = "k".repeat(KeyLimits.MAX_KEY_BYTES);
        Map<String, Versioned> model = Map.of(
                "ascii",
                Versioned.value(v(1, "w".repeat(255), Long.MAX_VALUE), ascii),
                longKey,
                Versioned.value(v(Long.MAX_VALUE, "a:1", -1), wide));
        StorageConfig crashed;
        try (ReplicaStore store = ReplicaStore.open(NODE, config(), WalObserver.NONE)) {
            for (Map.Entry<String, Versioned> e : model.entrySet()) {
                assertThat(stored(store, e.getKey(), e.getValue()).applied()).isTrue();
            }
            crashed = crashCopy(store, config(), dir.resolve("crashed"));
        }
        try (ReplicaStore store = ReplicaStore.open(NODE, crashed, WalObserver.NONE)) {
            assertThat(store.recovery().orElseThrow().recordsReplayed()).isEqualTo(2);
            assertHolds(store, model);
        }
        try (ReplicaStore store = ReplicaStore.open(NODE, config(), WalObserver.NONE)) {
            assertThat(store.recovery().orElseThrow().snapshotSequence()).isEqualTo(2);
            assertHolds(store, model);
        }
    }

    @Test
    void aKeyOrValueBeyondTheLimitsIsRefusedBeforeAnything() throws Exception {
        try (ReplicaStore store = ReplicaStore.open(NODE, config(), WalObserver.NONE)) {
            assertThatThrownBy(() -> store.apply("", value(1, "v"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.apply("k", value(1, "é".repeat(KeyLimits.MAX_VALUE_BYTES / 2 + 1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("too large");
            assertThat(store.size()).isZero();
            assertThat(store.wal().orElseThrow().lastSequence()).isZero();
        }
    }

    @Test
    void aRecordThisNodeCannotReadStopsTheStartNamingTheDirectory() throws Exception {
        Path kv = ReplicaStore.directory(config());
        try (WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(kv), ReplayHandler.IGNORE)) {
            wal.append(ReplicaLogFormat.PUT, new byte[] {0, 1, 'k', 9}).join();
        }
        assertThatThrownBy(() -> ReplicaStore.open(NODE, config(), WalObserver.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(kv.toString())
                .hasMessageContaining("record 1")
                .hasMessageContaining("kind 9");
        // and the directory was released
        WriteAheadLog.open(WalConfig.defaults(kv), ReplayHandler.IGNORE).close();
    }

    @Test
    void aSnapshotThisNodeCannotReadStopsTheStart() throws Exception {
        Path kv = ReplicaStore.directory(config());
        try (WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(kv), ReplayHandler.IGNORE)) {
            wal.append(ReplicaLogFormat.PUT, ReplicaLogFormat.put("k", value(1, "v")))
                    .join();
            wal.writeSnapshot(1, new byte[] {9, 0, 0, 0, 0});
        }
        assertThatThrownBy(() -> ReplicaStore.open(NODE, config(), WalObserver.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(kv.toString())
                .hasMessageContaining("snapshot covering sequence 1: unknown snapshot format");
    }

    @Test
    void anInMemoryStoreFollowsTheSameRulesWithoutADisk() throws Exception {
        ReplicaStore store = ReplicaStore.inMemory(NODE);
        assertThat(store.persistent()).isFalse();
        assertThat(store.wal()).isEmpty();
        assertThat(store.recovery()).isEmpty();
        assertThat(store.failure()).isEmpty();
        assertThat(store.apply("k", value(2, "two"))).isCompletedWithValue(new Stored(true, v(2, "a:1", 0), 0));
        assertThat(store.apply("k", value(1, "one"))).isCompletedWithValue(Stored.kept(v(2, "a:1", 0)));
        assertThat(store.snapshotIfDue()).isFalse();
        store.close();
        assertThat(store.get("k")).isEqualTo(value(2, "two"));
    }
}

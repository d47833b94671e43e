package dev.distcounter.node.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.storage.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hint store's rules (see {@link HintQueues}) and its recovery from the hint log. */
class HintStoreTest {
    private static final String A = "sim-1:9001";
    private static final String B = "sim-2:9002";

    private static Versioned write(long counter, String value) {
        return Versioned.value(new Version(counter, "sim-0:9000", counter), value);
    }

    private static HintConfig bounds(int count, long bytes) {
        return new HintConfig(count, bytes, Duration.ofHours(3), 200);
    }

    private static List<String> keys(HintStore store, String target) {
        return store.oldest(target, Integer.MAX_VALUE).stream().map(Hint::key).toList();
    }

    @Test
    void aNewerVersionForTheSameTargetAndKeyReplacesTheHintAndAnOlderOneIsIgnored() {
        HintStore store = HintStore.inMemory(HintConfig.defaults());
        store.record(A, "k", write(1, "one"), 0);
        store.record(A, "other", write(1, "x"), 1);
        assertThat(store.record(A, "k", write(3, "three"), 2).kept()).isTrue();
        assertThat(store.record(A, "k", write(2, "two"), 3).kept()).isFalse();
        assertThat(store.record(B, "k", write(1, "one"), 4).kept()).isTrue();

        assertThat(store.pending()).isEqualTo(3);
        // The replaced hint is now A's newest.
        assertThat(store.oldest(A, 10))
                .extracting(h -> h.key() + "=" + h.write().value())
                .containsExactly("other=x", "k=three");
    }

    @Test
    void pastTheCountBoundTheOldestAreDroppedFirstPerTarget() {
        HintStore store = HintStore.inMemory(bounds(3, Long.MAX_VALUE));
        store.record(B, "b", write(1, "v"), 0);
        for (int i = 0; i < 3; i++) {
            assertThat(store.record(A, "k" + i, write(1, "v"), i).droppedFull()).isEmpty();
        }
        HintStore.Recorded fourth = store.record(A, "k3", write(1, "v"), 3);
        assertThat(fourth.kept()).isTrue();
        assertThat(fourth.droppedFull()).extracting(Hint::key).containsExactly("k0");
        assertThat(keys(store, A)).containsExactly("k1", "k2", "k3");
        assertThat(keys(store, B)).containsExactly("b"); // another target's queue is its own
    }

    @Test
    void pastTheByteBoundTheOldestAreDroppedButOneHintAloneAlwaysFits() {
        long oneHint = new Hint(A, "k0", write(1, "x".repeat(100)), 0).bytes();
        HintStore store = HintStore.inMemory(bounds(1_000, 2 * oneHint));
        for (int i = 0; i < 3; i++) {
            store.record(A, "k" + i, write(1, "x".repeat(100)), i);
        }
        assertThat(keys(store, A)).containsExactly("k1", "k2");
        assertThat(store.bytes(A)).isEqualTo(2 * oneHint);

        HintStore.Recorded huge = store.record(A, "huge", write(1, "y".repeat(10_000)), 9);
        assertThat(huge.kept()).isTrue();
        assertThat(huge.droppedFull()).extracting(Hint::key).containsExactly("k1", "k2");
        assertThat(keys(store, A)).containsExactly("huge");
    }

    /**
     * A stand-in's hint is an acknowledged write: past the bound it is refused, never kept by
     * dropping an older one (each of which may be the only copy a client was told is safe).
     */
    @Test
    void aStandInsHintIsRefusedRatherThanKeptByDroppingOthers() {
        HintStore store = HintStore.inMemory(bounds(2, Long.MAX_VALUE));
        assertThat(store.hold(A, "k0", write(1, "v"), 0).join()).isEqualTo(HintStore.Held.DURABLE);
        assertThat(store.hold(A, "k1", write(1, "v"), 1).join()).isEqualTo(HintStore.Held.DURABLE);
        assertThat(store.hold(A, "k2", write(1, "v"), 2).join()).isEqualTo(HintStore.Held.FULL);
        assertThat(store.hold(A, "k1", write(2, "newer"), 3).join())
                .as("a newer version of a key held replaces it in place")
                .isEqualTo(HintStore.Held.DURABLE);
        assertThat(store.hold(B, "k2", write(1, "v"), 4).join()).isEqualTo(HintStore.Held.DURABLE);
        assertThat(keys(store, A)).containsExactly("k0", "k1");
        assertThat(HintStore.volatileInMemory(HintConfig.defaults())
                        .hold(A, "k", write(1, "v"), 0)
                        .join())
                .isEqualTo(HintStore.Held.VOLATILE);
    }

    @Test
    void aStandInsHintIsDurableOnceHeldAndSurvivesARestart(@TempDir Path dir) throws IOException {
        StorageConfig storage = new StorageConfig(true, true, dir, 1 << 20, 1_000, false);
        try (HintStore store = HintStore.open(storage, HintConfig.defaults())) {
            assertThat(store.hold(A, "k", write(5, "kept"), 0).join()).isEqualTo(HintStore.Held.DURABLE);
        }
        try (HintStore reopened = HintStore.open(storage, HintConfig.defaults())) {
            assertThat(reopened.oldest(A, 10))
                    .extracting(h -> h.key() + "=" + h.write().value())
                    .containsExactly("k=kept");
        }
    }

    @Test
    void hintsOlderThanTheWindowExpire() {
        HintStore store = HintStore.inMemory(new HintConfig(100, Long.MAX_VALUE, Duration.ofSeconds(10), 200));
        store.record(A, "old", write(1, "v"), 1_000);
        store.record(B, "old", write(1, "v"), 2_000);
        store.record(A, "new", write(1, "v"), 9_000);

        assertThat(store.expire(10_999)).isEmpty();
        assertThat(store.expire(12_000))
                .extracting(h -> h.target() + " " + h.key())
                .containsExactlyInAnyOrder(A + " old", B + " old");
        assertThat(store.pending()).isEqualTo(1);
        assertThat(store.targets()).containsExactly(A);
    }

    @Test
    void aDeliveryRemovesTheHintUnlessANewerOneWasRecordedMeanwhile() {
        HintStore store = HintStore.inMemory(HintConfig.defaults());
        store.record(A, "k", write(1, "one"), 0);
        store.record(A, "k", write(2, "two"), 1);
        assertThat(store.delivered(A, "k", write(1, "one").version())).isFalse();
        assertThat(store.pending(A)).isEqualTo(1);
        assertThat(store.delivered(A, "k", write(2, "two").version())).isTrue();
        assertThat(store.pending()).isZero();
        assertThat(store.targets()).isEmpty();
    }

    private static StorageConfig storage(Path dir, long snapshotEvery) {
        return new StorageConfig(true, false, dir, 4096, snapshotEvery, false);
    }

    @Test
    void reopenedFromItsRecordsAloneItHoldsTheSameHints(@TempDir Path dir) throws IOException {
        HintConfig config = bounds(5, Long.MAX_VALUE);
        HintStore store = HintStore.open(storage(dir, 1_000_000), config);
        fill(store);
        List<Hint> before = all(store);
        store.wal().orElseThrow().close(); // no shutdown snapshot: every change is replayed from its record
        assertThat(Files.isDirectory(dir.resolve("hints"))).isTrue();
        try (HintStore reopened = HintStore.open(storage(dir, 1_000_000), config)) {
            assertThat(all(reopened)).containsExactlyElementsOf(before);
        }
    }

    @Test
    void closedItSnapshotsAndReopensFromTheSnapshot(@TempDir Path dir) throws IOException {
        HintConfig config = bounds(5, Long.MAX_VALUE);
        List<Hint> before;
        try (HintStore store = HintStore.open(storage(dir, 1_000_000), config)) {
            fill(store);
            before = all(store);
        }
        try (HintStore reopened = HintStore.open(storage(dir, 1_000_000), config)) {
            assertThat(reopened.wal().orElseThrow().lastSnapshotSequence()).isPositive();
            assertThat(all(reopened)).containsExactlyElementsOf(before);
        }
    }

    @Test
    void reopenedFromASnapshotAndTheRecordsAfterItItHoldsTheSameHints(@TempDir Path dir) throws IOException {
        HintConfig config = bounds(5, Long.MAX_VALUE);
        HintStore store = HintStore.open(storage(dir, 10), config);
        fill(store);
        assertThat(store.snapshotIfDue()).isTrue();
        store.record(A, "after-snapshot", write(7, "v"), 500);
        assertThat(store.delivered(A, "k9", write(1, "v").version())).isTrue();
        store.record(B, "k0", write(9, "nine"), 501);
        List<Hint> before = all(store);
        // Records after the snapshot stay records: the log closes without the shutdown snapshot.
        store.wal().orElseThrow().close();
        try (HintStore reopened = HintStore.open(storage(dir, 10), config)) {
            assertThat(all(reopened)).containsExactlyElementsOf(before);
            assertThat(reopened.pending()).isEqualTo(before.size());
        }
    }

    /** Adds, replacements, drops past the bound, a delivery and an expiry. */
    private static void fill(HintStore store) {
        for (int i = 0; i < 12; i++) {
            store.record(A, "k" + i, write(1, "v" + i), 100 + i);
        }
        store.record(A, "k8", write(2, "v8-newer"), 200);
        store.record(B, "k0", write(1, "b0"), 10);
        store.record(B, "k1", write(1, "b1"), 300);
        store.delivered(A, "k7", write(1, "v7").version());
        store.expire(10 + Duration.ofHours(3).toMillis()); // B's k0
    }

    private static List<Hint> all(HintStore store) {
        return store.targets().stream()
                .flatMap(t -> store.oldest(t, Integer.MAX_VALUE).stream())
                .toList();
    }
}

package dev.distcounter.node.kvstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.StorageConfig;
import dev.distcounter.wal.WalObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica log lives in {@code kv/} inside the counter's log directory: both open, rotate,
 * snapshot, delete old segments and recover side by side, each seeing only its own files.
 */
class SharedLogDirectoryTest {
    static final String NODE = "localhost:9001";

    @TempDir
    Path dir;

    @Test
    void theCounterAndTheReplicaKeepTheirLogsInOneDirectoryWithoutDisturbingEachOther() throws Exception {
        // Small segments and frequent snapshots, so both delete segments as they go.
        StorageConfig config = new StorageConfig(true, false, dir, 512, 20, false);
        AtomicLong clock = new AtomicLong(1);
        for (int start = 0; start < 3; start++) {
            try (CounterStore counter = CounterStore.open(NODE, config, clock::get);
                    ReplicaStore replica = ReplicaStore.open(NODE, config, WalObserver.NONE)) {
                assertThat(counter.recovery().orElseThrow().truncations()).isEmpty();
                assertThat(replica.recovery().orElseThrow().truncations()).isEmpty();
                for (int i = 0; i < 50; i++) {
                    counter.add(1).durable().join();
                    Version version = new Version(start + 1L, NODE, i);
                    replica.apply("key-" + i, Versioned.value(version, "start " + start))
                            .join();
                    if (i % 10 == 9) {
                        counter.snapshotIfDue();
                        replica.snapshotIfDue();
                    }
                }
            }
        }
        assertThat(dir.resolve(ReplicaStore.SUBDIRECTORY).resolve("wal.lock")).exists();
        assertThat(count(dir, ".wal"))
                .as("the counter's old segments were deleted")
                .isLessThan(20);
        try (CounterStore counter = CounterStore.open(NODE, config, clock::get);
                ReplicaStore replica = ReplicaStore.open(NODE, config, WalObserver.NONE)) {
            assertThat(counter.current().value()).isEqualTo(150);
            assertThat(counter.recovery().orElseThrow().truncations()).isEmpty();
            assertThat(replica.size()).isEqualTo(50);
            assertThat(replica.get("key-7")).isEqualTo(Versioned.value(new Version(3, NODE, 7), "start 2"));
        }
        assertThat(dir.resolve("quarantine")).doesNotExist();
        assertThat(dir.resolve(ReplicaStore.SUBDIRECTORY).resolve("quarantine")).doesNotExist();
    }

    private static long count(Path root, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(f -> f.toString().endsWith(suffix)).count();
        }
    }
}

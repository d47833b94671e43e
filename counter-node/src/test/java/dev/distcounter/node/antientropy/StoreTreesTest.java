package dev.distcounter.node.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.membership.MembershipConfig;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.replication.RingView;
import dev.distcounter.node.ring.RingState;
import dev.distcounter.node.storage.StorageConfig;
import dev.distcounter.wal.WalObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trees follow the store: built from what it holds when following starts (a restarted
 * replica's keys), then every write and purge it reports, and nothing once it stops following.
 */
class StoreTreesTest {
    private static final NodeAddress SELF = NodeAddress.parse("127.0.0.1:9001");

    private final ReplicaStore store = ReplicaStore.inMemory(SELF.toString());
    private final RingView ring = new RingView(
            SELF,
            new PeerTable(SELF, MembershipConfig.defaults(), new SimpleMeterRegistry()),
            RingState.alone(SELF.toString(), 1),
            4);
    private final TombstoneCollector collector = new TombstoneCollector(SELF.toString(), Duration.ofHours(1));
    private final StoreTrees trees = new StoreTrees(store, ring, 3, collector);

    private static Versioned value(long counter) {
        return Versioned.value(new Version(counter, "w", counter), "v" + counter);
    }

    /** Trees built from scratch from what the store holds now. */
    private KeyspaceTrees fromScratch() {
        KeyspaceTrees built =
                KeyspaceTrees.of(HashRing.of(List.of(SELF.toString()), 4).ranges(3));
        store.forEach(built::apply);
        return built;
    }

    private static List<Long> roots(KeyspaceTrees t) {
        return t.trees().stream().map(RangeTree::root).toList();
    }

    @Test
    void startsFromWhatTheStoreHoldsThenFollowsEveryChange() {
        store.apply("a", value(1)).join();
        store.apply("b", Versioned.tombstone(new Version(2, "w", 2))).join();
        trees.follow();
        assertThat(trees.current().size()).isEqualTo(2);
        assertThat(roots(trees.current())).isEqualTo(roots(fromScratch()));

        store.apply("a", value(5)).join();
        store.apply("c", value(1)).join();
        assertThat(store.purge("b", new Version(2, "w", 2))).isTrue();
        assertThat(trees.current().size()).isEqualTo(2);
        assertThat(roots(trees.current())).isEqualTo(roots(fromScratch()));
    }

    /** A write memory took but the closed log refused is undone: the trees go back with it. */
    @Test
    void aWriteTheLogRefusedLeavesTheTreesAsTheStore(@TempDir Path dir) throws Exception {
        StorageConfig storage = new StorageConfig(true, false, dir, 1 << 20, 1_000, false);
        ReplicaStore logged = ReplicaStore.open(SELF.toString(), storage, WalObserver.NONE);
        StoreTrees followed = new StoreTrees(logged, ring, 3, collector);
        logged.apply("a", value(1)).join();
        followed.follow();
        logged.wal().orElseThrow().close();
        assertThat(logged.apply("a", value(2))).isCompletedExceptionally();
        assertThat(logged.apply("b", value(1))).isCompletedExceptionally();
        assertThat(logged.get("a")).isEqualTo(value(1));
        KeyspaceTrees expected =
                KeyspaceTrees.of(HashRing.of(List.of(SELF.toString()), 4).ranges(3));
        logged.forEach(expected::apply);
        assertThat(roots(followed.current())).isEqualTo(roots(expected));
        assertThat(followed.current().size()).isEqualTo(1);
    }

    @Test
    void stopsFollowingWhenToldTo() {
        trees.follow();
        trees.unfollow();
        store.apply("a", value(1)).join();
        assertThat(trees.current().size()).isZero();
    }
}

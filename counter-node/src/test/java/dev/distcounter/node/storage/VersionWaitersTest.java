package dev.distcounter.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.crdt.ReplicaId;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class VersionWaitersTest {
    final ReplicaId r = new ReplicaId("localhost:9000", 1);
    final VersionWaiters waiters = new VersionWaiters();

    PNCounter at(long version) {
        return version == 0 ? PNCounter.empty() : PNCounter.empty().increment(r, version);
    }

    @Test
    void releasesEachWaiterOnceItsVersionIsReached() {
        assertThat(waiters.await(0, at(0))).isCompletedWithValue(at(0));
        CompletableFuture<PNCounter> three = waiters.await(3, at(1));
        CompletableFuture<PNCounter> five = waiters.await(5, at(1));
        waiters.reached(at(2));
        assertThat(three).isNotDone();
        waiters.reached(at(4));
        assertThat(three).isCompletedWithValue(at(4));
        assertThat(five).isNotDone();
        waiters.reached(at(9));
        assertThat(five).isCompletedWithValue(at(9));
        assertThat(waiters.size()).isZero();
    }

    @Test
    void waitersTheirCallersGaveUpOnArePrunedBeforeTheyPileUp() {
        for (int i = 0; i < 10_000; i++) {
            waiters.await(1_000_000, at(0)).complete(at(0)); // a timed-out reader completes its own future
        }
        assertThat(waiters.size()).isEqualTo(10_000);
        CompletableFuture<PNCounter> live = waiters.await(1_000_000, at(0));
        assertThat(waiters.size()).as("pruned, then the new one added").isEqualTo(1);
        assertThat(live).isNotDone();
    }

    @Test
    void theStoreReleasesWaitersOnLocalUpdatesAndMerges() {
        CounterStore store = CounterStore.inMemory("localhost:9000", 7);
        CompletableFuture<PNCounter> two = store.awaitVersion(2);
        store.add(1);
        assertThat(two).isNotDone();
        store.merge(PNCounter.empty().increment(new ReplicaId("localhost:9001", 1), 1));
        assertThat(two).isDone();
        assertThat(two.join().version()).isEqualTo(2);
    }
}

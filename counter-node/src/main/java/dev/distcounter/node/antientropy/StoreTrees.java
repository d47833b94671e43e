package dev.distcounter.node.antientropy;

import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.replication.RingView;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * This replica's {@link KeyspaceTrees}, following its store: the store's change listener queues
 * each change (under the key's stripe lock, from whatever thread wrote), and {@link #current}
 * applies the queue on the owning thread before every use. Built by one scan of the store on
 * first use (what the node replayed at start; the listener is set before, and changes seen twice
 * change nothing), re-sorted when the ring's members change, never rescanned otherwise.
 *
 * <p>Confined: one thread (the scheduler's), but for {@link #follow} and {@link #unfollow}.
 */
final class StoreTrees {
    private record Change(String key, Versioned held) {}

    private final ReplicaStore store;
    private final RingView ring;
    private final int replicas;
    private final TombstoneCollector tombstones;
    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
    private KeyspaceTrees trees;
    private HashRing ringOfTrees;

    StoreTrees(ReplicaStore store, RingView ring, int replicas, TombstoneCollector tombstones) {
        this.store = store;
        this.ring = ring;
        this.replicas = replicas;
        this.tombstones = tombstones;
    }

    void follow() {
        store.listen((key, held) -> changes.add(new Change(key, held)));
    }

    void unfollow() {
        store.listen((key, held) -> {});
        changes.clear();
    }

    /** The trees, up to date with the ring and every change the store reported. */
    KeyspaceTrees current() {
        HashRing now = ring.current();
        if (trees == null) {
            trees = KeyspaceTrees.of(now.ranges(replicas));
            store.forEach(trees::apply);
        } else if (!now.equals(ringOfTrees)) {
            trees = trees.rebuiltFor(now.ranges(replicas));
        }
        ringOfTrees = now;
        Change change;
        while ((change = changes.poll()) != null) {
            trees.apply(change.key(), change.held());
            if (change.held() == null || !change.held().deleted()) {
                tombstones.forget(change.key());
            }
        }
        return trees;
    }

    /** The ring the trees were last cut for. */
    HashRing ring() {
        return ringOfTrees;
    }
}

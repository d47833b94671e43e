package dev.distcounter.node.antientropy;

import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.replication.RingView;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * This replica's {@link KeyspaceTrees}, following its store: the store's change listener queues
 * each change (under the key's stripe lock, from whatever thread wrote), and {@link #current}
 * applies the queue on the owning thread before every use. Built by one scan of the store in
 * {@link #follow}, on the thread that starts the node, so the scheduler never waits for it (the
 * listener is set first: a change made during the scan is queued, and one seen twice changes
 * nothing); re-sorted when the ring's members change (a pass over the trees' own entries, no
 * hashing, no store); never rescanned otherwise.
 *
 * <p>Confined: built by {@link #follow}, then owned by one thread (the scheduler's), to which the
 * caller hands it safely (say, by a volatile write after {@code follow} returns).
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

    /** Starts following the store and builds the trees by one scan of it. */
    void follow() {
        store.listen((key, held) -> changes.add(new Change(key, held)));
        ringOfTrees = ring.current();
        trees = KeyspaceTrees.of(ringOfTrees.ranges(replicas));
        store.forEach(trees::apply);
    }

    void unfollow() {
        store.listen((key, held) -> {});
        changes.clear();
    }

    /** The trees, up to date with the ring and every change the store reported. */
    KeyspaceTrees current() {
        HashRing now = ring.current();
        if (!now.equals(ringOfTrees)) {
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

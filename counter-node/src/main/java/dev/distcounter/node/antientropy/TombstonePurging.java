package dev.distcounter.node.antientropy;

import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kvstore.ReplicaStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drops tombstones by {@link TombstoneCollector}'s rule: the ones ready here (every replica seen
 * holding them, past the grace period) are dropped from this store and named, with their exact
 * version, to the other replicas in KV_PURGE; a KV_PURGE received drops a tombstone only if this
 * store holds that very version, past the grace period by this node's clock, and the sender is a
 * replica of the key. A purge that is lost leaves a tombstone on one replica, which anti-entropy
 * copies back to the others: safe, and collected again later. Confined: the scheduler thread.
 */
final class TombstonePurging {
    /** Sends one frame to a peer. */
    interface Sender {
        void send(String peer, MessageType type, byte[] payload);
    }

    private final String self;
    private final ReplicaStore store;
    private final TombstoneCollector collector;
    private final AntiEntropyMeters meters;

    TombstonePurging(String self, ReplicaStore store, TombstoneCollector collector, AntiEntropyMeters meters) {
        this.self = self;
        this.store = store;
        this.collector = collector;
        this.meters = meters;
    }

    /** Drops the tombstones ready here and tells their other replicas to. */
    void purgeReady(KeyspaceTrees trees, long now, Sender sender) {
        Map<String, List<TombstonePurges.Purge>> byPeer = new HashMap<>();
        for (TombstoneCollector.Ready ready : collector.takeReady(AntiEntropyMessages.MAX_KEYS)) {
            List<String> holders = replicasOf(trees, ready.key());
            if (!holdsExactly(ready.key(), ready.version(), now)
                    || !holders.contains(self)
                    || !ready.holders().containsAll(others(holders))) {
                continue; // the ring changed since: a new replica was never seen holding it
            }
            for (String peer : holders) {
                if (!peer.equals(self)) {
                    byPeer.computeIfAbsent(peer, p -> new ArrayList<>())
                            .add(new TombstonePurges.Purge(ready.key(), ready.version()));
                }
            }
            if (store.purge(ready.key(), ready.version())) {
                meters.dropped();
            }
        }
        byPeer.forEach((peer, purges) -> {
            for (List<TombstonePurges.Purge> chunk : Chunks.ofPurges(purges)) {
                sender.send(peer, MessageType.KV_PURGE, AntiEntropyMessages.encode(new TombstonePurges(chunk)));
            }
        });
    }

    /** A replica's KV_PURGE. */
    void onPurge(String from, TombstonePurges message, KeyspaceTrees trees, long now) {
        for (TombstonePurges.Purge purge : message.purges()) {
            List<String> holders = replicasOf(trees, purge.key());
            if (holdsExactly(purge.key(), purge.version(), now)
                    && holders.contains(self)
                    && holders.contains(from)
                    && store.purge(purge.key(), purge.version())) {
                meters.dropped();
            }
        }
    }

    private boolean holdsExactly(String key, Version tombstone, long now) {
        Versioned held = store.get(key);
        return held != null
                && held.deleted()
                && held.version().equals(tombstone)
                && collector.pastGrace(tombstone, now);
    }

    private List<String> others(List<String> holders) {
        return holders.stream().filter(h -> !h.equals(self)).toList();
    }

    private static List<String> replicasOf(KeyspaceTrees trees, String key) {
        return trees.treeOf(HashRing.hash(key)).range().replicas();
    }
}

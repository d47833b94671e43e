package dev.distcounter.node.kvstore;

import dev.distcounter.node.kv.Versioned;

/**
 * Told of every change to what a {@link ReplicaStore} holds, under the key's stripe lock, so a
 * key's changes arrive in the order memory took them. Must be quick and must not call back into
 * the store.
 */
@FunctionalInterface
public interface ReplicaChanges {
    /**
     * {@code held}: what the store holds for {@code key} now; null when nothing (a purged
     * tombstone). A write the log refused is undone by null, then the version held before, so a
     * listener that keeps only the newest version follows it back.
     */
    void changed(String key, Versioned held);
}

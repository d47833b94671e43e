package dev.distcounter.node.kvstore;

import dev.distcounter.node.kv.Versioned;

/**
 * Told of every change to what a {@link ReplicaStore} holds, under the key's stripe lock, so a
 * key's changes arrive in the order memory took them. Must be quick and must not call back into
 * the store.
 */
@FunctionalInterface
public interface ReplicaChanges {
    /** {@code held}: what the store holds for {@code key} now; null once a tombstone was purged. */
    void changed(String key, Versioned held);
}

package dev.distcounter.node.kvstore;

import dev.distcounter.node.kv.Version;

/**
 * What {@link ReplicaStore#apply} did with a write.
 *
 * @param applied whether the write replaced what the replica held (or was its first for the key)
 * @param version the version the replica holds for the key afterwards: the write's own when
 *                applied, else the same or newer one it already held
 */
public record Stored(boolean applied, Version version) {}

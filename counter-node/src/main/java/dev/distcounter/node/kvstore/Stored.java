package dev.distcounter.node.kvstore;

import dev.distcounter.node.kv.Version;

/**
 * What {@link ReplicaStore#apply} did with a write.
 *
 * @param applied whether the write replaced what the replica held (or was its first for the key)
 * @param version the version the replica holds for the key afterwards: the write's own when
 *                applied, else the same or newer one it already held
 * @param priorCounter when applied, the counter of the version it replaced (0: none); else 0
 */
public record Stored(boolean applied, Version version, long priorCounter) {
    /** Not applied: the replica keeps {@code held}. */
    public static Stored kept(Version held) {
        return new Stored(false, held, 0);
    }

    /** Applied over {@code prior} (null: the replica held nothing). */
    public static Stored replaced(Version written, Version prior) {
        return new Stored(true, written, prior == null ? 0 : prior.counter());
    }
}

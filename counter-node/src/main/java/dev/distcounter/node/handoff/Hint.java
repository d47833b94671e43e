package dev.distcounter.node.handoff;

import dev.distcounter.node.kv.Versioned;
import java.util.Objects;

/**
 * A write a replica did not acknowledge in time, kept by its coordinator to deliver later.
 *
 * @param target     the replica that missed it ({@code host:port})
 * @param key        the key written
 * @param write      the value or tombstone, at the version the coordinator gave it
 * @param recordedAt wall-clock milliseconds (virtual time in simulations) when it was recorded:
 *                   the hint window counts from here, across restarts too
 */
public record Hint(String target, String key, Versioned write, long recordedAt) {
    public Hint {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(write, "write");
    }

    /** What the per-target byte bound counts: the key's and value's characters, and a fixed overhead. */
    public long bytes() {
        return 64L + key.length() + (write.deleted() ? 0 : write.value().length());
    }
}

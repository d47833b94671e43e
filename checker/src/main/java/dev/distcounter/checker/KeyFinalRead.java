package dev.distcounter.checker;

import java.util.Objects;

/**
 * What one replica held for {@code key} once faults were healed and the cluster was quiet.
 *
 * <p>Three shapes: a value with its version; a tombstone ({@code deleted}, a version, no
 * value); or nothing at all (no value, no version: the replica never stored the key, or dropped
 * its tombstone).
 */
public record KeyFinalRead(String node, String key, String value, boolean deleted, Long version, long atMillis) {
    public KeyFinalRead {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(key, "key");
        if (deleted && value != null) {
            throw new IllegalArgumentException("a tombstone holds no value");
        }
        if ((value != null || deleted) && version == null) {
            throw new IllegalArgumentException("a replica holding a value or a tombstone has its version");
        }
        if (value == null && !deleted && version != null) {
            throw new IllegalArgumentException("a replica holding nothing has no version");
        }
    }

    /** Neither a value nor a tombstone. */
    public boolean holdsNothing() {
        return value == null && !deleted;
    }

    /** {@code "x" version 4}, {@code tombstone version 5} or {@code nothing}. */
    String state() {
        if (holdsNothing()) {
            return "nothing";
        }
        return (deleted ? "tombstone" : "\"" + value + "\"") + " version " + version;
    }
}

package dev.distcounter.node.kv;

import java.util.Objects;

/**
 * What a replica holds for a key: a value or a tombstone (a delete), at a version. The greater
 * version wins; a tombstone wins like any write, so a deleted key reads as absent and an older
 * value never comes back over it.
 */
public final class Versioned {
    private final Version version;
    private final String value; // null: a tombstone

    private Versioned(Version version, String value) {
        this.version = Objects.requireNonNull(version, "version");
        this.value = value;
    }

    public static Versioned value(Version version, String value) {
        return new Versioned(version, Objects.requireNonNull(value, "value"));
    }

    public static Versioned tombstone(Version version) {
        return new Versioned(version, null);
    }

    public Version version() {
        return version;
    }

    public boolean deleted() {
        return value == null;
    }

    /**
     * The value.
     *
     * @throws IllegalStateException this is a tombstone
     */
    public String value() {
        if (value == null) {
            throw new IllegalStateException("a tombstone has no value (deleted at " + version + ")");
        }
        return value;
    }

    /** Whether {@code this} should replace {@code held} (absent: null) on a replica. */
    public boolean supersedes(Versioned held) {
        return held == null || version.newerThan(held.version);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Versioned other && version.equals(other.version) && Objects.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, value);
    }

    @Override
    public String toString() {
        return value == null ? "tombstone@" + version : "value(" + value.length() + " chars)@" + version;
    }
}

package dev.distcounter.node.ring;

import java.util.Objects;

/**
 * One node's standing on the ring: the incarnation (process) it was declared for, and the status.
 *
 * <p>Of two entries for the same node, {@link #newer} keeps the one with the higher incarnation
 * (a later process), and at equal incarnations the later {@link RingStatus} (LEFT or REMOVED
 * over JOINED, REMOVED over LEFT): a total order, so merging is commutative, associative and
 * idempotent.
 */
public record RingEntry(long incarnation, RingStatus status) {
    public RingEntry {
        Objects.requireNonNull(status, "status");
    }

    public static RingEntry joined(long incarnation) {
        return new RingEntry(incarnation, RingStatus.JOINED);
    }

    /** The entry that wins of {@code a} and {@code b}. */
    public static RingEntry newer(RingEntry a, RingEntry b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Whether this entry puts its node on the ring. */
    public boolean onRing() {
        return status == RingStatus.JOINED;
    }

    int compareTo(RingEntry other) {
        int byIncarnation = Long.compare(incarnation, other.incarnation);
        return byIncarnation != 0 ? byIncarnation : status.compareTo(other.status);
    }
}

package dev.distcounter.node.kv;

import java.util.Comparator;

/**
 * The version of one write to a key. Versions are totally ordered, the same way on every node:
 * by {@code counter}, then by {@code writer} (the coordinating node's name, compared as a string),
 * then by {@code stamp} (unique among the writes that node coordinates). The greatest version of a
 * key is its value everywhere; no two writes share a version, so of concurrent writes exactly one
 * wins, the same on every replica.
 *
 * <p>A coordinator gives a new write {@code max + 1}, where {@code max} is the greatest counter a
 * read quorum of the key's replicas holds (see {@code docs/protocol.md}, "Versions"): a write that
 * starts after another was acknowledged on W replicas sees it when R + W > N, so it wins. Clients
 * see only {@code counter}, which therefore never goes down for them.
 *
 * @param counter the number clients see as {@code version}; at least 1 for a write
 * @param writer  the coordinator's name (its gossip address)
 * @param stamp   distinguishes writes the same coordinator gives the same counter
 */
public record Version(long counter, String writer, long stamp) implements Comparable<Version> {
    private static final Comparator<Version> ORDER = Comparator.comparingLong(Version::counter)
            .thenComparing(Version::writer)
            .thenComparingLong(Version::stamp);

    public Version {
        if (counter < 1) {
            throw new IllegalArgumentException("a version's counter must be at least 1, not " + counter);
        }
        if (writer == null || writer.isEmpty()) {
            throw new IllegalArgumentException("a version needs its writer's name");
        }
    }

    /** The version a write gets when the greatest counter its replicas hold is {@code this.counter}. */
    public Version next(String nextWriter, long nextStamp) {
        return new Version(Math.addExact(counter, 1), nextWriter, nextStamp);
    }

    /** The first version of a key no replica holds. */
    public static Version first(String writer, long stamp) {
        return new Version(1, writer, stamp);
    }

    public boolean newerThan(Version other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Version other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return counter + "@" + writer + "#" + stamp;
    }
}

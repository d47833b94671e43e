package dev.distcounter.tool.http;

import java.util.Objects;

/**
 * {@code GET /counter}: {@code {"value","version","node","digest"}}.
 *
 * @param digest the node's digest of its full state (every replica's entry): two nodes hold the
 *     same state only when their digests are equal, whatever value and version say; null from a
 *     node older than the digest
 */
public record CounterState(long value, long version, String node, String digest) {
    /** Whether {@code other} is the same state: the same value, version and digest (from any node). */
    public boolean sameStateAs(CounterState other) {
        return value == other.value && version == other.version && Objects.equals(digest, other.digest);
    }

    /** The node's text reply: "Counter: 3 (version 9)". */
    public String line() {
        return "Counter: " + value + " (version " + version + ")";
    }
}

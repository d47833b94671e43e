package dev.distcounter.checker;

import java.util.Objects;

/**
 * A node of the recorded cluster. {@code durable} means it has a write-ahead log, so its own
 * acknowledged operations survive its restarts; the checker holds only durable nodes to that.
 */
public record NodeInfo(String addr, boolean durable) {
    public NodeInfo {
        Objects.requireNonNull(addr, "addr");
    }
}

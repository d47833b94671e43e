package dev.distcounter.checker;

import java.util.Objects;

/** A node's state after faults were healed and the cluster was quiet. */
public record FinalRead(String node, long value, long version, long atMillis) {
    public FinalRead {
        Objects.requireNonNull(node, "node");
    }
}

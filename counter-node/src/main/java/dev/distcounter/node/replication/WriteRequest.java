package dev.distcounter.node.replication;

import dev.distcounter.node.kv.Versioned;
import java.util.Objects;

/**
 * KV_WRITE: a coordinator asks a replica to hold {@code write} for {@code key}, durably, unless it
 * already holds a newer version. The replica answers with a {@link WriteReply} carrying the same
 * {@code requestId}. Binary form: {@link ReplicaMessages}.
 *
 * @param requestId chosen by the coordinator to match the reply to its request
 * @param key       within {@link dev.distcounter.node.kv.KeyLimits}
 * @param write     a value or a tombstone, at the version the coordinator gave it
 */
public record WriteRequest(long requestId, String key, Versioned write) {
    public WriteRequest {
        ReplicaMessages.checkKey(key);
        Objects.requireNonNull(write, "a write request carries a value or a tombstone");
        ReplicaMessages.checkValue(write);
    }
}

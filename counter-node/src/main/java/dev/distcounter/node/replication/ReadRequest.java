package dev.distcounter.node.replication;

import dev.distcounter.node.kv.KeyLimits;

/**
 * KV_READ: a coordinator asks a replica what it holds for {@code key}. The replica answers with a
 * {@link ReadReply} carrying the same {@code requestId}. Binary form: {@link ReplicaMessages}.
 *
 * @param requestId chosen by the coordinator to match the reply to its request
 * @param key       within {@link KeyLimits}
 */
public record ReadRequest(long requestId, String key) {
    public ReadRequest {
        ReplicaMessages.checkKey(key);
    }
}

package dev.distcounter.node.replication;

import dev.distcounter.node.kv.Versioned;

/**
 * KV_READ_REPLY: what a replica holds for the key of the {@link ReadRequest} with the same
 * {@code requestId}. Binary form: {@link ReplicaMessages}.
 *
 * @param requestId the request's id
 * @param held      the value or tombstone it holds, or null when it holds nothing for the key
 */
public record ReadReply(long requestId, Versioned held) {
    public ReadReply {
        ReplicaMessages.checkValue(held);
    }
}

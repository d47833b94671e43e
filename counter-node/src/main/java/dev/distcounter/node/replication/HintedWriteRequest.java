package dev.distcounter.node.replication;

import dev.distcounter.common.NodeAddress;
import java.util.Objects;

/**
 * KV_HINTED_WRITE ({@code --sloppy-quorum}): a coordinator asks a stand-in to keep
 * {@code write} for {@code key} as a durable hint for {@code home}, a replica of the key that is
 * down, and to replay it there once {@code home} is back. The stand-in answers with a
 * {@link WriteReply} carrying the same {@code requestId}: STORED once the hint is on disk, FAILED
 * when it cannot keep it. Binary form: {@link ReplicaMessages}.
 *
 * @param requestId chosen by the coordinator to match the reply to its request
 * @param home      the replica the write is meant for ({@code host:port})
 * @param write     the write, as a KV_WRITE would carry it
 */
public record HintedWriteRequest(long requestId, String home, WriteRequest write) {
    public HintedWriteRequest {
        Objects.requireNonNull(write, "write");
        var unused = NodeAddress.parse(home); // a stand-in replays only to a node it can address
    }
}

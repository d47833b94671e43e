package dev.distcounter.node.election;

import java.nio.ByteBuffer;

/**
 * Payload of ELECTION, ELECTION_ANSWER and COORDINATOR frames: the sender's node id and the
 * term it speaks for. {@code node id i64 | term i64}.
 */
public record ElectionMessage(long nodeId, long term) {
    static final int BYTES = 16;

    public byte[] encode() {
        return ByteBuffer.allocate(BYTES).putLong(nodeId).putLong(term).array();
    }

    public static ElectionMessage decode(byte[] payload) {
        if (payload.length != BYTES) {
            throw new IllegalArgumentException("election message of " + payload.length + " bytes, expected " + BYTES);
        }
        ByteBuffer buf = ByteBuffer.wrap(payload);
        return new ElectionMessage(buf.getLong(), buf.getLong());
    }
}

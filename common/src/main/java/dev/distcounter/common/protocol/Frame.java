package dev.distcounter.common.protocol;

import dev.distcounter.common.Contracts;
import dev.distcounter.common.NodeAddress;
import java.util.Arrays;

/**
 * One message between nodes.
 *
 * @param type    what it is
 * @param sender  the sender's listening address (where to answer), not the socket's source port
 * @param payload type-specific bytes; the frame owns the array, nobody modifies it
 */
// The payload is bytes on their way to or from a socket; copying them into an immutable type on
// every frame would cost more than the discipline of never modifying them.
@SuppressWarnings("ArrayRecordComponent")
public record Frame(MessageType type, NodeAddress sender, byte[] payload) {
    public Frame {
        Contracts.checkNotNull(type, "frame type");
        Contracts.checkNotNull(sender, "frame sender");
        Contracts.checkNotNull(payload, "frame payload");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && type == f.type && sender.equals(f.sender) && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + sender.hashCode()) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return type + " from " + sender + " (" + payload.length + " bytes)";
    }
}

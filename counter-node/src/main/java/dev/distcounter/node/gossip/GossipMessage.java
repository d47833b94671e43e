package dev.distcounter.node.gossip;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.crdt.CounterCodec;
import dev.distcounter.node.crdt.CounterFormatException;
import dev.distcounter.node.crdt.PNCounter;

/**
 * A PULL or PUSH frame, decoded: who sent it and the counter state it carries.
 *
 * @param type  {@link MessageType#PULL} or {@link MessageType#PUSH}
 * @param state the sender's whole state
 */
public record GossipMessage(MessageType type, NodeAddress sender, PNCounter state) {
    public GossipMessage {
        if (type != MessageType.PULL && type != MessageType.PUSH) {
            throw new IllegalArgumentException("a gossip message is a PULL or a PUSH, not " + type);
        }
    }

    /** Decodes a PULL or PUSH frame; throws {@link IllegalArgumentException} with the reason if its payload is not a state. */
    public static GossipMessage decode(Frame frame) {
        try {
            return new GossipMessage(frame.type(), frame.sender(), CounterCodec.decode(frame.payload()));
        } catch (CounterFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}

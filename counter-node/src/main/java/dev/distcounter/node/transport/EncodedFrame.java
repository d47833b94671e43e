package dev.distcounter.node.transport;

import dev.distcounter.common.protocol.MessageType;

/** A frame as bytes ready to write, with its type for the meters. The bytes are never changed. */
final class EncodedFrame {
    final MessageType type;
    final byte[] bytes;

    EncodedFrame(MessageType type, byte[] bytes) {
        this.type = type;
        this.bytes = bytes;
    }
}

package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;

/** What a {@link Transport} reports. Called from transport threads: hand work off quickly. */
public interface TransportListener {
    /** A valid frame arrived. */
    void onFrame(Frame frame);

    /** A connection to {@code to} could not be made or broke; queued frames to it were dropped. */
    default void onSendFailed(NodeAddress to, String reason) {}

    /** A connection to {@code to} was established: it is reachable. */
    default void onConnected(NodeAddress to) {}

    /**
     * Whether {@code peer} is in the membership table: its inbound connections always get a slot
     * ({@link InboundLimits}). Called from reader threads, once per connection.
     */
    default boolean isMember(NodeAddress peer) {
        return false;
    }
}

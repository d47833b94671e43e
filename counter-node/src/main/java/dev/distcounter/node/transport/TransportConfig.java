package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.FrameCodec;
import java.time.Duration;

/**
 * Settings of the TCP transport.
 *
 * @param address            where to listen; also the sender address in every frame
 * @param maxPayload         largest frame payload accepted or sent
 * @param connectTimeout     how long a connection attempt may take
 * @param queueCapacity      frames queued per peer before the oldest is dropped
 * @param maxInbound         identified inbound connections from non-members served at once (members'
 *                           always are; see {@link InboundLimits})
 * @param idleTimeout        an outbound connection with nothing to send for this long is closed
 * @param inbound            which inbound connections are kept, and for how long without a frame
 */
public record TransportConfig(
        NodeAddress address,
        int maxPayload,
        Duration connectTimeout,
        int queueCapacity,
        int maxInbound,
        Duration idleTimeout,
        InboundLimits inbound) {

    /** With the default inbound limits, {@code maxInbound} identified connections from non-members. */
    public TransportConfig(
            NodeAddress address,
            int maxPayload,
            Duration connectTimeout,
            int queueCapacity,
            int maxInbound,
            Duration idleTimeout) {
        this(
                address,
                maxPayload,
                connectTimeout,
                queueCapacity,
                maxInbound,
                idleTimeout,
                InboundLimits.defaults(maxInbound));
    }

    public static TransportConfig defaults(NodeAddress address) {
        return new TransportConfig(
                address, FrameCodec.DEFAULT_MAX_PAYLOAD, Duration.ofSeconds(1), 256, 256, Duration.ofSeconds(60));
    }
}

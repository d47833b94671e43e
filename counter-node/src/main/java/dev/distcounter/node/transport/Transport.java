package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import java.io.IOException;

/**
 * Moves frames between nodes. Sending is best effort and never blocks the caller: a frame may be
 * dropped (peer down, queue full, fault injected), which gossip tolerates by design, since
 * every round re-sends the whole state.
 *
 * <p>Implementations: {@link TcpTransport} (persistent TCP connections), {@link InMemoryNetwork}
 * endpoints (tests, simulations) and the {@link FaultInjectingTransport} decorator. Each counts
 * what it does on the node's meter registry ({@link TransportMeters}).
 */
public interface Transport extends AutoCloseable {
    /** The address this transport receives on; frames carry it as their sender. */
    NodeAddress localAddress();

    /** Starts receiving; {@code listener} is called for every valid inbound frame. */
    void start(TransportListener listener) throws IOException;

    /** Queues {@code frame} for {@code to}; returns at once. */
    void send(NodeAddress to, Frame frame);

    /** Stops receiving and sending; queued frames are dropped. */
    @Override
    void close();
}

package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.FrameCodec;
import dev.distcounter.common.protocol.FrameException;
import dev.distcounter.node.time.Scheduler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory twin of {@link TcpTransport}: a perfect network in which every frame sent to a
 * running endpoint arrives once, in order, after a fixed latency on the shared {@link Scheduler}.
 * Frames go through the real {@link FrameCodec} on the way, so what the codec would refuse is
 * refused here too. Losses, duplicates, delays and partitions are added per node with
 * {@link FaultInjectingTransport}, exactly as over TCP.
 */
public final class InMemoryNetwork {
    private final Scheduler scheduler;
    private final Duration latency;
    private final FrameCodec codec = new FrameCodec();
    private final Map<NodeAddress, Endpoint> endpoints = new ConcurrentHashMap<>();

    public InMemoryNetwork(Scheduler scheduler, Duration latency) {
        this.scheduler = scheduler;
        this.latency = latency;
    }

    /** A transport for {@code address}; it receives once started, until closed. */
    public Transport endpoint(NodeAddress address) {
        Endpoint endpoint = new Endpoint(address);
        endpoints.put(address, endpoint);
        return endpoint;
    }

    private void deliver(Endpoint from, NodeAddress to, Frame frame) {
        Endpoint target = endpoints.get(to);
        if (target == null || !target.running()) {
            from.counters.dropped.increment();
            scheduler.execute(() -> {
                if (from.running()) {
                    from.listener.onSendFailed(to, "connection refused");
                }
            });
            return;
        }
        byte[] bytes = codec.encode(frame);
        from.counters.sent.increment();
        from.counters.bytesSent.add(bytes.length);
        scheduler.schedule(latency, () -> {
            if (!target.running()) {
                return;
            }
            try {
                Frame copy = codec.decode(bytes);
                target.counters.received.increment();
                target.listener.onFrame(copy);
            } catch (FrameException e) {
                target.counters.rejected.increment();
            }
        });
    }

    private final class Endpoint implements Transport {
        private final NodeAddress address;
        private final TransportCounters counters = new TransportCounters();
        private volatile TransportListener listener;
        private volatile boolean closed;

        Endpoint(NodeAddress address) {
            this.address = address;
        }

        boolean running() {
            return listener != null && !closed;
        }

        @Override
        public NodeAddress localAddress() {
            return address;
        }

        @Override
        public void start(TransportListener frameListener) {
            this.listener = frameListener;
        }

        @Override
        public void send(NodeAddress to, Frame frame) {
            if (closed) {
                counters.dropped.increment();
                return;
            }
            deliver(this, to, frame);
        }

        @Override
        public TransportStats stats() {
            return counters.snapshot();
        }

        @Override
        public void close() {
            closed = true;
            endpoints.remove(address, this);
        }
    }
}

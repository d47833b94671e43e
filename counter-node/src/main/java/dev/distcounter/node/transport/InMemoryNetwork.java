package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.FrameCodec;
import dev.distcounter.common.protocol.FrameException;
import dev.distcounter.node.time.Scheduler;
import io.micrometer.core.instrument.MeterRegistry;
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

    /**
     * A transport for {@code address}; it receives once started, until closed. It counts its
     * frames on {@code registry}: the node's own, as a TCP transport would ({@link TransportMeters}).
     */
    public Transport endpoint(NodeAddress address, MeterRegistry registry) {
        Endpoint endpoint = new Endpoint(address, new TransportMeters(registry));
        endpoints.put(address, endpoint);
        return endpoint;
    }

    private void deliver(Endpoint from, NodeAddress to, Frame frame) {
        Endpoint target = endpoints.get(to);
        if (target == null || !target.running()) {
            from.meters.dropped(frame.type(), DropReason.UNREACHABLE);
            scheduler.execute(() -> {
                if (from.running()) {
                    from.listener.onSendFailed(to, "connection refused");
                }
            });
            return;
        }
        byte[] bytes = codec.encode(frame);
        from.meters.sent(frame.type());
        from.meters.bytesSent(bytes.length);
        scheduler.schedule(latency, () -> {
            if (!target.running()) {
                return;
            }
            try {
                Frame copy = codec.decode(bytes);
                target.meters.received(copy.type());
                target.listener.onFrame(copy);
            } catch (FrameException e) {
                target.meters.rejectedInvalid();
            }
        });
    }

    private final class Endpoint implements Transport {
        private final NodeAddress address;
        private final TransportMeters meters;
        private volatile TransportListener listener;
        private volatile boolean closed;

        Endpoint(NodeAddress address, TransportMeters meters) {
            this.address = address;
            this.meters = meters;
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
                meters.dropped(frame.type(), DropReason.STOPPING);
                return;
            }
            deliver(this, to, frame);
        }

        @Override
        public void close() {
            closed = true;
            endpoints.remove(address, this);
        }
    }
}

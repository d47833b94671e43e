package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.Keyring;
import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.FrameCodec;
import dev.distcounter.common.protocol.FrameException;
import dev.distcounter.common.protocol.ReceivedFrame;
import dev.distcounter.common.protocol.UnauthenticatedFrameException;
import dev.distcounter.node.time.Scheduler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory twin of {@link TcpTransport}: a perfect network in which every frame sent to a
 * running endpoint arrives once, in order, after a fixed latency on the shared {@link Scheduler}.
 * Frames go through the real {@link FrameCodec} on the way, encoded with the sender's keyring and
 * decoded with the receiver's, and a keyed receiver checks their freshness, so what a TCP node
 * would refuse is refused here too (and counted, there being no connection to close). Losses,
 * duplicates, delays and partitions are added per node with {@link FaultInjectingTransport},
 * exactly as over TCP.
 */
public final class InMemoryNetwork {
    private final Scheduler scheduler;
    private final Duration latency;
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
        return endpoint(address, registry, new LiveKeyring(address.toString(), Keyring.NONE));
    }

    /**
     * A transport for {@code address} that signs with {@code keyring}'s primary key and accepts
     * frames under any of its keys, stamped on this network's virtual clock.
     */
    public Transport endpoint(NodeAddress address, MeterRegistry registry, LiveKeyring keyring) {
        FrameSecurity security = new FrameSecurity(keyring, scheduler::nowMillis, ReplayGuard.DEFAULT_WINDOW);
        Endpoint endpoint = new Endpoint(address, new TransportMeters(registry), security);
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
        byte[] bytes = from.codec.encode(frame, from.stamper.next());
        from.meters.sent(frame.type());
        from.meters.bytesSent(bytes.length);
        scheduler.schedule(latency, () -> {
            if (target.running()) {
                target.receive(bytes);
            }
        });
    }

    private final class Endpoint implements Transport {
        private final NodeAddress address;
        private final TransportMeters meters;
        private final FrameCodec codec;
        private final FrameStamper stamper;
        private final ReplayGuard replays;
        private volatile TransportListener listener;
        private volatile boolean closed;

        Endpoint(NodeAddress address, TransportMeters meters, FrameSecurity security) {
            this.address = address;
            this.meters = meters;
            this.codec = security.codec(FrameCodec.DEFAULT_MAX_PAYLOAD);
            this.stamper = security.stamper();
            this.replays = security.replayGuard();
        }

        /** What {@link TcpTransport}'s reader does with a frame, minus the connection to close. */
        void receive(byte[] bytes) {
            ReceivedFrame received;
            try {
                received = codec.decodeReceived(bytes);
            } catch (UnauthenticatedFrameException e) {
                meters.unauthenticated(e.reason());
                return;
            } catch (FrameException e) {
                meters.rejectedInvalid();
                return;
            }
            Frame frame = received.frame();
            if (received.authenticated()) {
                ReplayGuard.Verdict verdict = replays.admit(frame.sender(), received.stamp());
                if (verdict != ReplayGuard.Verdict.FRESH) {
                    meters.replayed(verdict);
                    return;
                }
            }
            meters.received(frame.type());
            listener.onFrame(frame);
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

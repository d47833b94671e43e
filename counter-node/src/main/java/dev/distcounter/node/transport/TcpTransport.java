package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.FrameCodec;
import dev.distcounter.common.protocol.FrameException;
import dev.distcounter.common.protocol.ReceivedFrame;
import dev.distcounter.common.protocol.UnauthenticatedFrameException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames over persistent TCP connections: one outbound connection per peer, kept open and
 * reused for every frame (the original opened a connection per message), and one reader thread
 * per inbound connection.
 *
 * <p>Outbound: each peer has an {@link OutboundConnection}, a bounded queue and a non-blocking
 * connection; one {@link OutboundLoop} thread serves them all (connects on demand, writes what is
 * queued, reconnects with backoff after a failure), so peers cost no threads.
 *
 * <p>Inbound: anything that is not a valid frame (garbage, an oversized length, an unknown type,
 * a bad checksum), a frame the keyring does not let in (unsigned, or signed with a key this node
 * does not hold, or forged), and a signed frame that is not fresh (a replay) close that
 * connection with one WARN line naming the remote address; the node goes on serving. Which
 * connections are kept, and for how long without a whole frame, is {@link InboundSlots}' to
 * say ({@link InboundLimits}): idle connections cannot shut peers out.
 */
public final class TcpTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);

    private final TransportConfig config;
    private final FrameCodec codec;
    private final FrameStamper stamper;
    private final ReplayGuard replays;
    private final NodeAddress self;
    private final ConcurrentHashMap<NodeAddress, OutboundConnection> outbound = new ConcurrentHashMap<>();
    private final TransportMeters meters;
    private final MeterRegistry registry;
    private final OutboundLoop loop;
    private volatile InboundSlots inbound;
    private volatile boolean closed;
    private volatile TransportListener listener;
    private volatile ServerSocket server;
    private final OutboundConnection.Owner owner = new OutboundConnection.Owner() {
        @Override
        public NodeAddress self() {
            return self;
        }

        @Override
        public TransportConfig config() {
            return config;
        }

        @Override
        public TransportMeters meters() {
            return meters;
        }

        @Override
        public TransportListener listener() {
            return listener;
        }

        @Override
        public boolean closed() {
            return closed;
        }

        @Override
        public void retired(NodeAddress to, OutboundConnection connection) {
            outbound.remove(to, connection);
        }
    };

    /** Without a key: unsigned frames, as before keys existed. */
    public TcpTransport(TransportConfig config, MeterRegistry registry) {
        this(config, FrameSecurity.unkeyed(), registry);
    }

    /**
     * {@code security}: how frames are signed and checked; {@code registry}: the node's, where
     * this transport counts its frames ({@link TransportMeters}).
     */
    public TcpTransport(TransportConfig config, FrameSecurity security, MeterRegistry registry) {
        this.config = config;
        this.codec = security.codec(config.maxPayload());
        this.stamper = security.stamper();
        this.replays = security.replayGuard();
        this.self = config.address();
        this.meters = new TransportMeters(registry);
        this.registry = registry;
        this.loop = new OutboundLoop(self.port());
    }

    @Override
    public NodeAddress localAddress() {
        return self;
    }

    /**
     * Binds the gossip port without accepting yet: peers' connections wait in the backlog until
     * {@link #start}. The node binds first, so a taken port is the first thing it reports. Once
     * is enough; {@link #start} binds if this was not called.
     */
    public synchronized void bind() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        try {
            socket.bind(new InetSocketAddress(self.host(), self.port()), 128);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen for gossip on " + self + ": " + e.getMessage(), e);
        }
        server = socket;
    }

    @Override
    public void start(TransportListener frameListener) throws IOException {
        this.listener = frameListener;
        bind();
        inbound = new InboundSlots(self, config.inbound(), meters, peer -> listener.isMember(peer), registry);
        Thread acceptor = new Thread(this::acceptLoop, "gossip-accept-" + self.port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("{}: accepting gossip connections failed: {}", self, e.toString());
                }
                continue;
            }
            InboundSlots.Slot slot = inbound.arrived(socket);
            if (closed) {
                // close() may have swept the slots before this socket took one: a socket left
                // open here would hold the port and stop a restart from binding it.
                inbound.left(slot);
                OutboundConnection.closeQuietly(socket);
                return;
            }
            Thread reader = new Thread(() -> readLoop(slot), "gossip-in-" + socket.getRemoteSocketAddress());
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void readLoop(InboundSlots.Slot slot) {
        Socket socket = slot.socket;
        String remote = slot.remote;
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            while (!closed) {
                ReceivedFrame received = codec.receive(in);
                Frame frame = received.frame();
                if (received.authenticated()) {
                    ReplayGuard.Verdict verdict = replays.admit(frame.sender(), received.stamp());
                    if (verdict != ReplayGuard.Verdict.FRESH) {
                        meters.replayed(verdict);
                        log.warn(
                                "{}: closing gossip connection from {}: replayed {} from {}: {}",
                                self,
                                remote,
                                frame.type(),
                                frame.sender(),
                                replays.explain(verdict, frame.sender(), received.stamp()));
                        return;
                    }
                }
                if (!inbound.frameRead(slot, frame.sender())) {
                    return;
                }
                meters.received(frame.type());
                listener.onFrame(frame);
            }
        } catch (UnauthenticatedFrameException e) {
            meters.unauthenticated(e.reason());
            log.warn("{}: closing gossip connection from {}: unauthenticated frame: {}", self, remote, e.getMessage());
        } catch (FrameException e) {
            meters.rejectedInvalid();
            log.warn("{}: closing gossip connection from {}: {}", self, remote, e.getMessage());
        } catch (EOFException | SocketException e) {
            log.debug("{}: gossip connection from {} ended: {}", self, remote, e.toString());
        } catch (IOException | RuntimeException e) {
            log.warn("{}: gossip connection from {} failed: {}", self, remote, e.toString());
        } finally {
            inbound.left(slot);
        }
    }

    @Override
    public void send(NodeAddress to, Frame frame) {
        if (closed) {
            meters.dropped(frame.type(), DropReason.STOPPING);
            return;
        }
        // Stamped, encoded and queued under one lock: frames to a peer then leave in the order
        // of their stamps, which its replay guard requires (all sends come from the node's one
        // scheduler thread anyway, so the lock is never contended in a node).
        synchronized (stamper) {
            EncodedFrame encoded;
            try {
                encoded = new EncodedFrame(frame.type(), codec.encode(frame, stamper.next()));
            } catch (IllegalArgumentException tooLarge) {
                meters.dropped(frame.type(), DropReason.TOO_LARGE);
                log.warn("{}: not sending {} to {}: {}", self, frame.type(), to, tooLarge.getMessage());
                return;
            }
            while (true) {
                OutboundConnection connection =
                        outbound.computeIfAbsent(to, peer -> new OutboundConnection(owner, loop, peer));
                if (connection.offer(encoded)) {
                    return;
                }
                outbound.remove(to, connection); // it retired while we looked; make a new one
            }
        }
    }

    /** What this transport did so far. */
    public TransportMeters meters() {
        return meters;
    }

    @Override
    public void close() {
        closed = true;
        if (server != null) {
            OutboundConnection.closeQuietly(server);
        }
        if (inbound != null) {
            inbound.close();
        }
        loop.close();
        outbound.clear();
    }
}

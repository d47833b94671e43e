package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.FrameCodec;
import dev.distcounter.common.protocol.FrameException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames over persistent TCP connections: one outbound connection per peer, kept open and
 * reused for every frame (the original opened a connection per message), and one reader thread
 * per inbound connection.
 *
 * <p>Outbound: each peer has a bounded queue and a writer thread that connects on demand,
 * writes everything queued with one flush, and reconnects with backoff after a failure. When
 * the queue is full the oldest frame is dropped: gossip frames carry whole states, so a newer
 * one supersedes it.
 *
 * <p>Inbound: anything that is not a valid frame (garbage, an oversized length, an unknown type,
 * a bad checksum) closes that connection with one WARN line; the node goes on serving.
 */
public final class TcpTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final TransportConfig config;
    private final FrameCodec codec;
    private final NodeAddress self;
    private final ConcurrentHashMap<NodeAddress, Outbound> outbound = new ConcurrentHashMap<>();
    private final Set<Socket> inbound = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inboundCount = new AtomicInteger();
    private final TransportCounters counters = new TransportCounters();
    private volatile boolean closed;
    private volatile TransportListener listener;
    private ServerSocket server;

    public TcpTransport(TransportConfig config) {
        this.config = config;
        this.codec = new FrameCodec(config.maxPayload());
        this.self = config.address();
    }

    @Override
    public NodeAddress localAddress() {
        return self;
    }

    @Override
    public void start(TransportListener frameListener) throws IOException {
        this.listener = frameListener;
        server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(new InetSocketAddress(self.host(), self.port()), 128);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen for gossip on " + self + ": " + e.getMessage(), e);
        }
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
            if (inboundCount.incrementAndGet() > config.maxInbound()) {
                inboundCount.decrementAndGet();
                counters.rejected.increment();
                log.warn(
                        "{}: refusing gossip connection from {}: already {} inbound connections",
                        self,
                        socket.getRemoteSocketAddress(),
                        config.maxInbound());
                closeQuietly(socket);
                continue;
            }
            inbound.add(socket);
            if (closed) {
                // close() may have swept the set before this socket joined it: a socket left
                // open here would hold the port and stop a restart from binding it.
                inbound.remove(socket);
                inboundCount.decrementAndGet();
                closeQuietly(socket);
                return;
            }
            Thread reader = new Thread(() -> readLoop(socket), "gossip-in-" + socket.getRemoteSocketAddress());
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void readLoop(Socket socket) {
        String remote = String.valueOf(socket.getRemoteSocketAddress());
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            while (!closed) {
                Frame frame = codec.read(in);
                counters.received.increment();
                listener.onFrame(frame);
            }
        } catch (FrameException e) {
            counters.rejected.increment();
            log.warn("{}: closing gossip connection from {}: {}", self, remote, e.getMessage());
        } catch (EOFException | SocketException e) {
            log.debug("{}: gossip connection from {} ended: {}", self, remote, e.toString());
        } catch (IOException | RuntimeException e) {
            log.warn("{}: gossip connection from {} failed: {}", self, remote, e.toString());
        } finally {
            inbound.remove(socket);
            inboundCount.decrementAndGet();
        }
    }

    @Override
    public void send(NodeAddress to, Frame frame) {
        if (closed) {
            counters.dropped.increment();
            return;
        }
        byte[] bytes;
        try {
            bytes = codec.encode(frame);
        } catch (IllegalArgumentException tooLarge) {
            counters.dropped.increment();
            log.warn("{}: not sending {} to {}: {}", self, frame.type(), to, tooLarge.getMessage());
            return;
        }
        while (true) {
            Outbound connection = outbound.computeIfAbsent(to, this::newOutbound);
            if (connection.offer(bytes)) {
                return;
            }
            outbound.remove(to, connection); // it retired while we looked; make a new one
        }
    }

    private Outbound newOutbound(NodeAddress to) {
        Outbound connection = new Outbound(to);
        Thread writer = new Thread(connection::writeLoop, "gossip-out-" + to);
        writer.setDaemon(true);
        connection.writer = writer;
        writer.start();
        return connection;
    }

    @Override
    public TransportStats stats() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        closed = true;
        if (server != null) {
            closeQuietly(server);
        }
        inbound.forEach(TcpTransport::closeQuietly);
        outbound.values().forEach(Outbound::shutdown);
        outbound.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing on the way out; nothing useful to do with a failure
        }
    }

    /** One peer's queue, connection and writer thread. */
    private final class Outbound {
        private final NodeAddress to;
        private final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(config.queueCapacity());
        private volatile Thread writer;
        private boolean retired; // guarded by this
        private Socket socket;
        private OutputStream out;
        private volatile boolean broken;
        private long backoffMillis = FIRST_BACKOFF_MILLIS;
        private long nextAttemptAt;

        Outbound(NodeAddress to) {
            this.to = to;
        }

        /** Queues a frame, dropping the oldest when full; false if this connection has retired. */
        synchronized boolean offer(byte[] bytes) {
            if (retired) {
                return false;
            }
            while (!queue.offer(bytes)) {
                if (queue.poll() != null) {
                    counters.dropped.increment();
                }
            }
            return true;
        }

        /** Retires the connection if nothing is queued; the caller's thread then ends. */
        private synchronized boolean retireIfIdle() {
            if (!queue.isEmpty()) {
                return false;
            }
            retired = true;
            return true;
        }

        void writeLoop() {
            try {
                while (!closed) {
                    byte[] first = queue.poll(config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (retireIfIdle()) {
                            outbound.remove(to, this);
                            disconnect();
                            return;
                        }
                        continue;
                    }
                    if (broken) {
                        disconnect();
                    }
                    if (socket == null && !connect()) {
                        counters.dropped.increment();
                        dropQueued();
                        continue;
                    }
                    write(first);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                disconnect();
            }
        }

        private boolean connect() {
            long now = System.currentTimeMillis();
            if (now < nextAttemptAt) {
                return false;
            }
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(to.toSocketAddress(), (int) config.connectTimeout().toMillis());
                if (s.getLocalPort() == s.getPort() && s.getLocalAddress().equals(s.getInetAddress())) {
                    // TCP simultaneous open: a connect to a local port nobody listens on can get that
                    // very port as its own and connect to itself, then hold it so the peer cannot start.
                    throw new ConnectException("connected to itself: nobody listens on " + to);
                }
                socket = s;
                out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
                broken = false;
                backoffMillis = FIRST_BACKOFF_MILLIS;
                watchForClose(s);
                listener.onConnected(to);
                return true;
            } catch (IOException | RuntimeException e) {
                closeQuietly(s);
                nextAttemptAt = now + backoffMillis;
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
                log.debug("{}: cannot connect to {}: {}", self, to, e.toString());
                listener.onSendFailed(to, e.getMessage() == null ? e.toString() : e.getMessage());
                return false;
            }
        }

        /**
         * The peer never writes on this connection, so a read returns only when it closes (its
         * process died or restarted). Noticing that at once means the next frame goes out on a
         * fresh connection instead of into a dead one.
         */
        private void watchForClose(Socket s) {
            Thread watcher = new Thread(
                    () -> {
                        try (InputStream in = s.getInputStream()) {
                            while (in.read() >= 0) {
                                // nothing is expected; keep waiting for the close
                            }
                        } catch (IOException ignored) {
                            // reset or closed by us: either way the connection is over
                        }
                        broken = true;
                    },
                    "gossip-watch-" + to);
            watcher.setDaemon(true);
            watcher.start();
        }

        private void write(byte[] first) {
            int frames = 0;
            long bytes = 0;
            try {
                out.write(first);
                frames++;
                bytes += first.length;
                for (byte[] next = queue.poll(); next != null; next = queue.poll()) {
                    out.write(next);
                    frames++;
                    bytes += next.length;
                }
                out.flush();
                counters.sent.add(frames);
                counters.bytesSent.add(bytes);
            } catch (IOException e) {
                counters.dropped.add(frames);
                log.debug("{}: connection to {} broke: {}", self, to, e.toString());
                disconnect();
                listener.onSendFailed(to, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }

        private void dropQueued() {
            for (byte[] f = queue.poll(); f != null; f = queue.poll()) {
                counters.dropped.increment();
            }
        }

        private void disconnect() {
            if (socket != null) {
                closeQuietly(socket);
                socket = null;
                out = null;
            }
        }

        void shutdown() {
            Thread w = writer;
            if (w != null) {
                w.interrupt();
            }
            Socket s = socket;
            if (s != null) {
                closeQuietly(s);
            }
        }
    }
}

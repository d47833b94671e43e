package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.MessageType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's side of a {@link TcpTransport}: a bounded queue, a persistent connection, and the
 * writer thread that connects on demand, writes everything queued with one flush, and reconnects
 * with backoff after a failure. When the queue is full the oldest frame is dropped: gossip frames
 * carry whole states, so a newer one supersedes it. Idle for the idle timeout, the connection
 * retires and its thread ends; the transport makes a new one for the next frame.
 */
final class OutboundConnection {
    private static final Logger log = LoggerFactory.getLogger(OutboundConnection.class);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    /** What the connection needs of its transport. */
    interface Owner {
        NodeAddress self();

        TransportConfig config();

        TransportMeters meters();

        TransportListener listener();

        boolean closed();

        /** This connection retired (idle): forget it, so the next frame makes a new one. */
        void retired(NodeAddress to, OutboundConnection connection);
    }

    private final Owner owner;
    private final NodeAddress to;
    private final ArrayBlockingQueue<EncodedFrame> queue;
    private volatile Thread writer;
    private boolean retired; // guarded by this
    private volatile boolean broken;
    private volatile Socket socket; // written by the writer thread; shutdown() closes it from another

    // writer thread only
    private OutputStream out;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private long nextAttemptAt;
    /** Frames per type in the write under way (one counter each, to count without boxing). */
    private final Map<MessageType, long[]> writing = new EnumMap<>(MessageType.class);

    private OutboundConnection(Owner owner, NodeAddress to) {
        this.owner = owner;
        this.to = to;
        this.queue = new ArrayBlockingQueue<>(owner.config().queueCapacity());
        for (MessageType type : MessageType.values()) {
            writing.put(type, new long[1]);
        }
    }

    /** A connection to {@code to} whose writer thread ({@code gossip-out-<peer>}) is running. */
    static OutboundConnection start(Owner owner, NodeAddress to) {
        OutboundConnection connection = new OutboundConnection(owner, to);
        Thread writer = new Thread(connection::writeLoop, "gossip-out-" + to);
        writer.setDaemon(true);
        connection.writer = writer;
        writer.start();
        return connection;
    }

    /** Queues a frame, dropping the oldest when full; false if this connection has retired. */
    synchronized boolean offer(EncodedFrame frame) {
        if (retired) {
            return false;
        }
        while (!queue.offer(frame)) {
            EncodedFrame oldest = queue.poll();
            if (oldest != null) {
                owner.meters().dropped(oldest.type, DropReason.QUEUE_FULL);
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

    private void writeLoop() {
        try {
            while (!owner.closed()) {
                EncodedFrame first = queue.poll(owner.config().idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (retireIfIdle()) {
                        owner.retired(to, this);
                        disconnect();
                        return;
                    }
                    continue;
                }
                if (broken) {
                    disconnect();
                }
                if (socket == null && !connect()) {
                    owner.meters().dropped(first.type, DropReason.UNREACHABLE);
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
            s.connect(
                    to.toSocketAddress(), (int) owner.config().connectTimeout().toMillis());
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
            owner.listener().onConnected(to);
            return true;
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            nextAttemptAt = now + backoffMillis;
            backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
            log.debug("{}: cannot connect to {}: {}", owner.self(), to, e.toString());
            owner.listener().onSendFailed(to, e.getMessage() == null ? e.toString() : e.getMessage());
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

    /** Writes {@code first} and everything queued behind it, with one flush. */
    private void write(EncodedFrame first) {
        long bytes = 0;
        try {
            for (EncodedFrame next = first; next != null; next = queue.poll()) {
                out.write(next.bytes);
                writing.get(next.type)[0]++;
                bytes += next.bytes.length;
            }
            out.flush();
            countWrite(null);
            owner.meters().bytesSent(bytes);
        } catch (IOException e) {
            countWrite(DropReason.UNREACHABLE);
            log.debug("{}: connection to {} broke: {}", owner.self(), to, e.toString());
            disconnect();
            owner.listener().onSendFailed(to, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Counts the frames of the write just done as sent, or (null if sent) as dropped for {@code failure}. */
    private void countWrite(DropReason failure) {
        for (Map.Entry<MessageType, long[]> tally : writing.entrySet()) {
            MessageType type = tally.getKey();
            long frames = tally.getValue()[0];
            if (frames == 0) {
                continue;
            }
            tally.getValue()[0] = 0;
            if (failure == null) {
                owner.meters().sent(type, frames);
            } else {
                owner.meters().dropped(type, failure, frames);
            }
        }
    }

    private void dropQueued() {
        for (EncodedFrame f = queue.poll(); f != null; f = queue.poll()) {
            owner.meters().dropped(f.type, DropReason.UNREACHABLE);
        }
    }

    private void disconnect() {
        if (socket != null) {
            closeQuietly(socket);
            socket = null;
            out = null;
        }
    }

    /** Stops the writer thread and closes the connection (the transport is closing). */
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

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing on the way out; nothing useful to do with a failure
        }
    }
}

package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's side of a {@link TcpTransport}: a bounded queue and a persistent, non-blocking
 * connection, served by the transport's one {@link OutboundLoop} thread, which connects on
 * demand, writes the queued frames as the peer takes them, and reconnects with backoff (100 ms,
 * doubling to 2 s) after a failure. When the queue is full the oldest frame is dropped: gossip
 * frames carry whole states, so a newer one supersedes it. Idle for the idle timeout, the
 * connection retires; the transport makes a new one for the next frame.
 *
 * <p>{@link #offer} is called from any thread; everything else runs on the loop thread.
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
    private final OutboundLoop loop;
    private final NodeAddress to;
    private final ArrayBlockingQueue<EncodedFrame> queue;
    private boolean retired; // guarded by this
    /** A {@link #service} is posted to the loop and has not started: a burst of frames posts one. */
    private final AtomicBoolean posted = new AtomicBoolean();

    // loop thread only
    private SocketChannel channel;
    private SelectionKey key;
    private boolean connected;
    private boolean resolving;
    private long connectDeadline;
    private EncodedFrame writing;
    private ByteBuffer pending;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private long nextAttemptAt;
    private long lastActivity = System.currentTimeMillis();
    private final ByteBuffer discard = ByteBuffer.allocate(256);

    OutboundConnection(Owner owner, OutboundLoop loop, NodeAddress to) {
        this.owner = owner;
        this.loop = loop;
        this.to = to;
        this.queue = new ArrayBlockingQueue<>(owner.config().queueCapacity());
        loop.added(this);
    }

    /** Queues a frame, dropping the oldest when full; false if this connection has retired. */
    boolean offer(EncodedFrame frame) {
        synchronized (this) {
            if (retired) {
                return false;
            }
            while (!queue.offer(frame)) {
                EncodedFrame oldest = queue.poll();
                if (oldest != null) {
                    owner.meters().dropped(oldest.type, DropReason.QUEUE_FULL);
                }
            }
        }
        if (posted.compareAndSet(false, true)) {
            loop.post(() -> {
                posted.set(false);
                service();
            });
        }
        return true;
    }

    /** There are frames to send: connect, or write. */
    private void service() {
        if (owner.closed()) {
            return;
        }
        if (channel == null) {
            if (queue.isEmpty() || resolving) {
                return;
            }
            long now = System.currentTimeMillis();
            if (now < nextAttemptAt) {
                dropQueued(); // backing off: as the frames of a failed attempt, they are unreachable
                return;
            }
            resolving = true;
            loop.resolve(() -> {
                InetSocketAddress address = to.toSocketAddress();
                loop.post(() -> connect(address));
            });
            return;
        }
        if (connected) {
            interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void connect(InetSocketAddress address) {
        resolving = false;
        long now = System.currentTimeMillis();
        try {
            if (address.isUnresolved()) {
                throw new ConnectException("unknown host " + to.host());
            }
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connectDeadline = now + owner.config().connectTimeout().toMillis();
            key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            if (channel.connect(address)) {
                finishConnect();
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** The selector says the channel is ready. */
    void ready(SelectionKey k) {
        try {
            if (k.isConnectable()) {
                if (channel.finishConnect()) {
                    finishConnect();
                }
                return;
            }
            if (k.isReadable() && peerClosed()) {
                return;
            }
            if (k.isValid() && k.isWritable()) {
                write();
            }
        } catch (IOException | RuntimeException e) {
            if (connected) {
                broke(e);
            } else {
                failed(e);
            }
        }
    }

    private void finishConnect() throws IOException {
        var local = (InetSocketAddress) channel.getLocalAddress();
        var remote = (InetSocketAddress) channel.getRemoteAddress();
        if (local.getPort() == remote.getPort() && local.getAddress().equals(remote.getAddress())) {
            // TCP simultaneous open: a connect to a local port nobody listens on can get that
            // very port as its own and connect to itself, then hold it so the peer cannot start.
            throw new ConnectException("connected to itself: nobody listens on " + to);
        }
        connected = true;
        backoffMillis = FIRST_BACKOFF_MILLIS;
        lastActivity = System.currentTimeMillis();
        owner.listener().onConnected(to);
        interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    /**
     * The peer never writes on this connection, so readable means it closed (its process died or
     * restarted): noticing that at once means the next frame goes out on a fresh connection
     * instead of into a dead one. True if it closed.
     */
    private boolean peerClosed() throws IOException {
        discard.clear();
        if (channel.read(discard) >= 0) {
            return false; // nothing is expected; ignore it
        }
        log.debug("{}: {} closed the connection", owner.self(), to);
        if (writing != null) {
            owner.meters().dropped(writing.type, DropReason.UNREACHABLE);
            writing = null;
            pending = null;
        }
        closeChannel();
        service();
        return true;
    }

    /** Writes queued frames until the queue is empty or the peer's window is full. */
    private void write() throws IOException {
        while (true) {
            if (pending == null) {
                writing = queue.poll();
                if (writing == null) {
                    interest(SelectionKey.OP_READ);
                    lastActivity = System.currentTimeMillis();
                    return;
                }
                pending = ByteBuffer.wrap(writing.bytes);
            }
            channel.write(pending);
            if (pending.hasRemaining()) {
                return; // the selector says when the peer takes more
            }
            owner.meters().sent(writing.type);
            owner.meters().bytesSent(writing.bytes.length);
            writing = null;
            pending = null;
        }
    }

    /** Connect deadline and idle retirement; every sweep of the loop. */
    void sweep(long now) {
        if (channel != null && !connected && now >= connectDeadline) {
            failed(new SocketTimeoutException("connect timed out"));
            return;
        }
        if (resolving
                || writing != null
                || now - lastActivity < owner.config().idleTimeout().toMillis()) {
            return;
        }
        synchronized (this) {
            if (!queue.isEmpty()) {
                return;
            }
            retired = true;
        }
        closeChannel();
        loop.removed(this);
        owner.retired(to, this);
    }

    /** A connection attempt failed: back off, drop what is queued, report. */
    private void failed(Exception e) {
        closeChannel();
        long now = System.currentTimeMillis();
        nextAttemptAt = now + backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        lastActivity = now;
        dropQueued();
        log.debug("{}: cannot connect to {}: {}", owner.self(), to, e.toString());
        owner.listener().onSendFailed(to, e.getMessage() == null ? e.toString() : e.getMessage());
    }

    /** A write on an established connection failed: the frame under way is lost, the rest go on a new one. */
    private void broke(Exception e) {
        if (writing != null) {
            owner.meters().dropped(writing.type, DropReason.UNREACHABLE);
            writing = null;
            pending = null;
        }
        closeChannel();
        log.debug("{}: connection to {} broke: {}", owner.self(), to, e.toString());
        owner.listener().onSendFailed(to, e.getMessage() == null ? e.toString() : e.getMessage());
        service();
    }

    private void interest(int ops) {
        if (key != null && key.isValid()) {
            key.interestOps(ops);
        }
    }

    private void dropQueued() {
        for (EncodedFrame f = queue.poll(); f != null; f = queue.poll()) {
            owner.meters().dropped(f.type, DropReason.UNREACHABLE);
        }
    }

    /** Closes the channel, if any; the loop thread's (or the loop's, when it ends). */
    void closeChannel() {
        if (channel != null) {
            closeQuietly(channel);
        }
        channel = null;
        key = null;
        connected = false;
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing on the way out; nothing useful to do with a failure
        }
    }
}

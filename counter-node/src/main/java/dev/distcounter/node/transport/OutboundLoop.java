package dev.distcounter.node.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread ({@code gossip-out-<port>}) that serves every {@link OutboundConnection} of a
 * transport with one {@link Selector}: it connects (non-blocking, with the connect timeout), writes
 * queued frames as peers take them, notices peers closing, and retires idle connections. A
 * thread per peer (a writer and a close watcher, as before) let a node told of thousands of
 * peers start thousands of threads; this costs two threads whatever the number of peers: this
 * one, and {@code gossip-resolve-<port>}, which looks up host names so that a slow name server
 * never stalls the writes to every other peer.
 *
 * <p>Other threads only queue work ({@link #post}) and wake the selector; everything else runs
 * here.
 */
final class OutboundLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboundLoop.class);
    /** How often connect deadlines and idle connections are checked. */
    private static final long SWEEP_MILLIS = 100;

    private final String name;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Set<OutboundConnection> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService resolver;
    private volatile boolean closed;
    private Thread thread; // guarded by this

    OutboundLoop(int port) {
        this.name = "gossip-out-" + port;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for outbound gossip", e);
        }
        this.resolver = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gossip-resolve-" + port);
            t.setDaemon(true);
            return t;
        });
    }

    Selector selector() {
        return selector;
    }

    /** Runs {@code lookup} on the resolver thread (host names may take long to resolve). */
    void resolve(Runnable lookup) {
        resolver.execute(lookup);
    }

    /** Runs {@code task} on the loop thread soon; from any thread. Starts the thread on first use. */
    void post(Runnable task) {
        if (closed) {
            return;
        }
        tasks.add(task);
        startOnce();
        selector.wakeup();
    }

    void added(OutboundConnection connection) {
        connections.add(connection);
    }

    void removed(OutboundConnection connection) {
        connections.remove(connection);
    }

    private synchronized void startOnce() {
        if (thread == null && !closed) {
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        long nextSweep = System.currentTimeMillis() + SWEEP_MILLIS;
        while (!closed) {
            try {
                selector.select(Math.max(1, nextSweep - System.currentTimeMillis()));
                for (Runnable task = tasks.poll(); task != null && !closed; task = tasks.poll()) {
                    task.run();
                }
                Set<SelectionKey> selected = selector.selectedKeys();
                for (SelectionKey key : selected) {
                    if (key.isValid()) {
                        ((OutboundConnection) key.attachment()).ready(key);
                    }
                }
                selected.clear();
                long now = System.currentTimeMillis();
                if (now >= nextSweep) {
                    for (OutboundConnection c : connections) {
                        c.sweep(now);
                    }
                    nextSweep = now + SWEEP_MILLIS;
                }
            } catch (IOException | RuntimeException e) {
                // A bug or a selector failure must not end every peer's writes: log and go on.
                log.error("{}: outbound gossip loop failed: {}", name, e.toString(), e);
            }
        }
        connections.forEach(OutboundConnection::closeChannel);
        OutboundConnection.closeQuietly(selector);
    }

    /** Stops the thread; every connection is closed, queued frames are dropped. */
    @Override
    public void close() {
        closed = true;
        resolver.shutdownNow();
        selector.wakeup();
        synchronized (this) {
            if (thread == null) {
                OutboundConnection.closeQuietly(selector);
            }
        }
    }
}

package dev.distcounter.common.http;

import com.sun.net.httpserver.HttpServer;
import dev.distcounter.common.Contracts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running HTTP server that answers {@link Routes}: the JDK {@code HttpServer} with
 * TCP_NODELAY and a backlog of 1024, whose executor only reads requests ({@link RequestReaders}:
 * a bounded number of threads, each request cut off when its headers and body take longer than
 * the read timeout), and a fixed pool of daemon worker threads that run the handlers and send the
 * answers. Slow clients hold reader threads, never workers. {@link #close()} lets the requests in
 * flight finish, up to the settings' grace period, then stops.
 */
public final class RoutedHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoutedHttpServer.class);
    private static final int BACKLOG = 1024;

    private final ServerSettings settings;
    private final HttpServer server;
    private final RequestReaders readers;
    private final ExecutorService pool;
    private final InFlightRequests inFlight = new InFlightRequests();
    private boolean serving; // guarded by this
    private boolean closed; // guarded by this

    private RoutedHttpServer(ServerSettings settings, HttpServer server) {
        this.settings = settings;
        this.server = server;
        this.readers = (RequestReaders) server.getExecutor();
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                settings.threads(), settings.threads(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread t = new Thread(runnable, settings.threadName() + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * A JDK server (not started, no contexts) with these settings, its executor the bounded
     * {@link RequestReaders}. Whatever is measured against a {@link RoutedHttpServer} (the
     * benchmark's HTTP ceiling) is built here, so it has the same stack, configured the same way.
     *
     * @throws IOException the address cannot be bound
     */
    public static HttpServer createJdkServer(ServerSettings settings) throws IOException {
        JdkServerProperties.set(settings);
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), BACKLOG);
        server.setExecutor(new RequestReaders(settings));
        return server;
    }

    /** Binds, and serves {@code routes} until closed; {@code observer} hears of every answered request. */
    public static RoutedHttpServer start(ServerSettings settings, Routes routes, RequestObserver observer)
            throws IOException {
        RoutedHttpServer running = bind(settings);
        try {
            running.serve(routes, observer);
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        return running;
    }

    /**
     * Binds the port without serving yet: from here on the port is this process's, and
     * connections wait in the backlog until {@link #serve}. A program that must check its port
     * before anything else (the node, before it opens its data directory) binds first.
     *
     * @throws IOException the address cannot be bound
     */
    public static RoutedHttpServer bind(ServerSettings settings) throws IOException {
        return new RoutedHttpServer(settings, createJdkServer(settings));
    }

    /**
     * Starts answering {@code routes} on the bound port; {@code observer} hears of every answered
     * request.
     *
     * @throws IllegalArgumentException a route reads bodies larger than the body budget can hold
     */
    public synchronized void serve(Routes routes, RequestObserver observer) {
        Contracts.check(!serving && !closed, "serve() once, before close()");
        BodyBudget bodies = new BodyBudget(settings.bodyBudget());
        routes.largestBody().ifPresent(route -> {
            if (route.maxBody() - RequestBodyReader.MAX_BODY_BYTES > bodies.total()) {
                throw new IllegalArgumentException(route.path() + " reads bodies of up to " + route.maxBody()
                        + " bytes, more than 64 KiB plus the server's body budget of " + bodies.total() + " bytes");
            }
        });
        serving = true;
        readers.observer(observer);
        server.createContext(
                "/",
                new Dispatcher(
                        settings.logName(),
                        routes,
                        observer,
                        this::sendLater,
                        inFlight,
                        readers,
                        settings.threads(),
                        bodies));
        server.start();
    }

    /**
     * Runs a late reply on the pool; once the pool has stopped, on the thread that completed it
     * (the WAL writer, a timer): a rejected task there would fail that thread's own work.
     */
    private void sendLater(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException stopped) {
            task.run();
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Lets requests in flight finish (up to the grace period), then closes every connection and
     * stops the threads; a server only bound lets its port go.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!serving) {
            // The JDK releases the listening socket only from its dispatcher thread (a channel
            // registered with a selector stays open until the next select): without a start,
            // stop() would leave the port bound until the process exits.
            server.start();
        }
        try {
            if (!inFlight.awaitIdle(settings.stopGrace())) {
                log.warn("{}: stopping HTTP with requests still in flight", settings.logName());
            }
            server.stop(0);
            readers.shutdown();
            pool.shutdown();
            if (!pool.awaitTermination(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
            if (!readers.awaitTermination(settings.stopGrace())) {
                readers.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.stop(0);
            readers.shutdownNow();
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

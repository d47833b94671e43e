package dev.distcounter.node.http;

import com.sun.net.httpserver.HttpServer;
import dev.distcounter.common.auth.KeysResource;
import dev.distcounter.common.http.RoutedHttpServer;
import dev.distcounter.common.http.Routes;
import dev.distcounter.common.http.ServerSettings;
import dev.distcounter.metrics.MetricsResource;
import dev.distcounter.metrics.RequestMeters;
import dev.distcounter.node.metrics.WriteMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The node's HTTP API, with the original's paths and text, one class per resource:
 *
 * <pre>
 * GET|POST /increment[?by=N]  Counter incremented to X (version V)      {@link WriteResource}
 * GET|POST /decrement[?by=N]  Counter decremented to X (version V)
 * GET      /counter           Counter: X (version V)                    {@link CounterResource}
 * GET      /counter?atLeast=V[&amp;wait=5s]   the same, once this node holds version V (or after the wait)
 * GET      /peers             Peers (N): [a b]                          {@link PeersResource}
 * GET      /health            OK ...                                    {@link HealthResource}
 * GET      /cluster           Leader: ... (term T), then one line per member with its state
 * GET|POST /admin/chaos       the faults this node injects              {@link ChaosResource}
 * GET      /admin/keys        the cluster keys' fingerprints            {@link KeysResource}
 * POST     /admin/keys/install|use|remove   rotate the cluster key
 * GET      /metrics           every meter, Prometheus text format       {@link MetricsResource}
 * </pre>
 *
 * The GET routes also answer HEAD. Send {@code Accept: application/json} for JSON. Bad input
 * gets a 4xx with a one-line reason; nothing a client sends can stop the node. Every request is
 * timed into the node's registry ({@code http.server.requests}), writes also by outcome
 * ({@code counter.writes}).
 */
public final class CounterHttpApi implements AutoCloseable {
    /** How long a stopping node lets requests in flight finish (a write waits for its log record). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final HttpConfig config;
    private final CounterOperations node;
    private final PrometheusMeterRegistry registry;
    private ScheduledExecutorService timers;
    private RoutedHttpServer server;

    /** {@code registry}: the node's; {@code /metrics} serves it, and the API's own meters go there. */
    public CounterHttpApi(HttpConfig config, CounterOperations node, PrometheusMeterRegistry registry) {
        this.config = config;
        this.node = node;
        this.registry = registry;
    }

    /** Binds the configured port and serves. */
    public void start() throws IOException {
        start(bind(config, node.address().toString()));
    }

    /**
     * The node's HTTP port, bound but not serving (connections wait in the backlog), for
     * {@link #start(RoutedHttpServer)}; {@code logName} names the node in the server's log lines.
     */
    public static RoutedHttpServer bind(HttpConfig config, String logName) throws IOException {
        try {
            return RoutedHttpServer.bind(settings(config, logName));
        } catch (IOException e) {
            throw cannotListen(config, e);
        }
    }

    /** Serves on {@code bound}, a server from {@link #bind}; closing this API closes it. */
    public void start(RoutedHttpServer bound) {
        server = bound;
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "http-" + config.port() + "-timeouts");
            t.setDaemon(true);
            return t;
        });
        WriteTimeoutSweeper writeTimeouts =
                new WriteTimeoutSweeper(config.writeTimeout(), () -> WriteResource.timedOut(config.writeTimeout()));
        writeTimeouts.start(timers);
        KeysResource keys =
                new KeysResource(node.keyring(), AdminGuard.requiring(config.adminToken(), config.adminLoopback()));
        Routes routes = Routes.answeringUnknownPaths(path -> "no such endpoint: " + path
                        + " (try /increment, /decrement, /counter, /peers, /health, /cluster)")
                .with(writes(true, writeTimeouts).route())
                .with(writes(false, writeTimeouts).route())
                .with(new CounterResource(node, timers).route())
                .with(new PeersResource(node).route())
                .with(new HealthResource(node).route())
                .with(new ClusterResource(node).route())
                .with(new ChaosResource(node, config).route())
                .with(keys.listing())
                .with(keys.changes())
                .with(new MetricsResource(registry).route());
        bound.serve(routes, new RequestMeters(registry));
    }

    private WriteResource writes(boolean increment, WriteTimeoutSweeper writeTimeouts) {
        return new WriteResource(
                node, increment, writeTimeouts, new WriteMeters(registry, WriteResource.operation(increment)));
    }

    /**
     * A JDK server (not started) with the node's settings: TCP_NODELAY, a backlog of 1024, a
     * pool of {@code config.threads()} daemon threads. The benchmark's HTTP ceiling is built
     * here too, so the node is always compared with the same stack, configured the same way.
     */
    public static HttpServer createServer(HttpConfig config) throws IOException {
        try {
            return RoutedHttpServer.createJdkServer(settings(config, config.bind() + ":" + config.port()));
        } catch (IOException e) {
            throw cannotListen(config, e);
        }
    }

    private static ServerSettings settings(HttpConfig config, String logName) {
        return new ServerSettings(
                config.bind(),
                config.port(),
                config.threads(),
                "http-" + config.port(),
                logName,
                STOP_GRACE,
                config.readers(),
                config.readTimeout());
    }

    private static IOException cannotListen(HttpConfig config, IOException e) {
        return new IOException(
                "cannot listen for HTTP on " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.port();
    }

    /** Lets requests in flight finish (up to two seconds), then closes every connection and stops the threads. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (timers != null) {
            timers.shutdownNow();
        }
    }
}

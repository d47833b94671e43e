package dev.distcounter.node.http;

import com.sun.net.httpserver.HttpServer;
import dev.distcounter.common.auth.KeysResource;
import dev.distcounter.common.http.Route;
import dev.distcounter.common.http.RoutedHttpServer;
import dev.distcounter.common.http.Routes;
import dev.distcounter.common.http.ServerSettings;
import dev.distcounter.metrics.MetricsResource;
import dev.distcounter.metrics.RequestMeters;
import dev.distcounter.node.metrics.WriteMeters;
import dev.distcounter.node.replication.KeyValueOperations;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * GET      / , /ui, /ui/FILE  the live page and its files               {@link UiResource}
 * GET      /ui/state          this node's counter and cluster in JSON, for the page on any node  {@link UiStateResource}
 * GET      /ui/access         whether the asker may use /admin/*         {@link UiAccessResource}
 * POST     /admin/cluster-chaos   /admin/chaos of several nodes, for the page  {@link ChaosRelayResource}
 * </pre>
 *
 * With a keyspace, GoDist's key-value API too, always in JSON:
 *
 * <pre>
 * POST     /kv/put[?w=N]      {"key":..,"value":..} -&gt; {"ok":true,"version":N,"owner":..,"outcome":..}  {@link KvPutResource}
 * GET      /kv/get/{key}[?r=N]  {"found":true,"key":..,"value":..,"version":N,"owner":..}, 404 not found   {@link KvGetResource}
 * DELETE   /kv/{key}[?w=N]    a tombstone; a put's replies                                             {@link KvDeleteResource}
 * GET      /kv/owners/{key}   the key's replicas, primary first                                        {@link KvOwnersResource}
 * GET      /kv/replica/{key}  {"key":..,"held":true,"value":..,"version":N,"deleted":false}, no quorum  {@link KvReplicaResource}
 * POST     /admin/leave       hand this node's keys over, then stop: 202 {"handedOver":N,"failed":N,..}  {@link LeaveResource}
 * POST     /admin/remove?node=HOST:PORT  take a dead member off the ring                            {@link RemoveResource}
 * </pre>
 *
 * The GET routes also answer HEAD. Send {@code Accept: application/json} for JSON. Bad input
 * gets a 4xx with a one-line reason; nothing a client sends can stop the node. Every request is
 * timed into the node's registry ({@code http.server.requests}), writes also by outcome
 * ({@code counter.writes}, {@code kv.writes}).
 */
public final class CounterHttpApi implements AutoCloseable {
    /** How long a stopping node lets requests in flight finish (a write waits for its log record). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final HttpConfig config;
    private final CounterOperations node;
    private final Optional<KeyValueOperations> keys;
    private final PrometheusMeterRegistry registry;
    private ScheduledExecutorService timers;
    private RoutedHttpServer server;

    /** Without a keyspace: no {@code /kv} routes. {@code registry}: the node's; {@code /metrics} serves it, and the API's own meters go there. */
    public CounterHttpApi(HttpConfig config, CounterOperations node, PrometheusMeterRegistry registry) {
        this(config, node, Optional.empty(), registry);
    }

    /**
     * With the keyspace {@code keys} (the node's coordinator) behind the {@code /kv} routes and in
     * {@code /cluster}; null means none, as the constructor without it.
     */
    public CounterHttpApi(
            HttpConfig config, CounterOperations node, KeyValueOperations keys, PrometheusMeterRegistry registry) {
        this(config, node, Optional.ofNullable(keys), registry);
    }

    private CounterHttpApi(
            HttpConfig config,
            CounterOperations node,
            Optional<KeyValueOperations> keys,
            PrometheusMeterRegistry registry) {
        this.config = config;
        this.node = node;
        this.keys = keys;
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
        KeysResource clusterKeys =
                new KeysResource(node.keyring(), AdminGuard.requiring(config.adminToken(), config.adminLoopback()));
        Routes routes = Routes.answeringUnknownPaths(this::unknownPath)
                .with(writes(true, writeTimeouts).route())
                .with(writes(false, writeTimeouts).route())
                .with(new CounterResource(node, timers).route())
                .with(new PeersResource(node).route())
                .with(new HealthResource(node).route())
                .with(new ClusterResource(node, keys).route())
                .with(new ChaosResource(node, config).route())
                .with(clusterKeys.listing())
                .with(clusterKeys.changes())
                .with(new MetricsResource(registry).route());
        UiStateResource uiState = new UiStateResource(node, keys);
        routes = routes.with(uiState.route())
                .with(new UiAccessResource(config).route())
                .with(new ChaosRelayResource(config, uiState::hosts).route());
        for (Route page : new UiResource(() -> uiState.hosts().sorted()).routes()) {
            routes = routes.with(page);
        }
        if (keys.isPresent()) {
            routes = withKeyspace(routes, keys.get());
        }
        bound.serve(routes, new RequestMeters(registry));
    }

    /** The {@code /kv} routes, {@code /kv/put} before {@code /kv/{key}}, which it would otherwise match. */
    private Routes withKeyspace(Routes routes, KeyValueOperations keyspace) {
        KvDeleteResource deletes =
                new KvDeleteResource(keyspace, new KvWrites(WriteMeters.keyspace(registry, "delete")));
        List<Route> kv = new ArrayList<>();
        kv.add(new KvPutResource(keyspace, new KvWrites(WriteMeters.keyspace(registry, "put")), deletes).route());
        kv.addAll(new KvGetResource(keyspace).routes());
        kv.addAll(new KvOwnersResource(keyspace).routes());
        kv.addAll(new KvReplicaResource(keyspace).routes());
        kv.addAll(deletes.routes());
        kv.add(new LeaveResource(node, config).route());
        kv.add(new RemoveResource(node, config).route());
        for (Route route : kv) {
            routes = routes.with(route);
        }
        return routes;
    }

    private String unknownPath(String path) {
        String reason =
                "no such endpoint: " + path + " (try /increment, /decrement, /counter, /peers, /health, /cluster";
        if (keys.isEmpty()) {
            return reason + ")";
        }
        reason += ", POST /kv/put, GET /kv/get/KEY, DELETE /kv/KEY, GET /kv/owners/KEY, GET /kv/replica/KEY)";
        return path.startsWith("/kv/") ? reason + "; write a / inside a key as %2F" : reason;
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
                config.readTimeout(),
                ServerSettings.DEFAULT_BODY_BUDGET);
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

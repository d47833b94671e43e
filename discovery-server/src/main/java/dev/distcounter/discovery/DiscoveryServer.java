package dev.distcounter.discovery;

import dev.distcounter.common.Contracts;
import dev.distcounter.common.GoDuration;
import dev.distcounter.common.PortInUseException;
import dev.distcounter.common.auth.ClusterKeyFile;
import dev.distcounter.common.auth.KeysResource;
import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.RoutedHttpServer;
import dev.distcounter.common.http.ServerSettings;
import dev.distcounter.metrics.JvmMeters;
import dev.distcounter.metrics.MetricsResource;
import dev.distcounter.metrics.RequestMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running discovery server: the peer registry, its HTTP API and the cleanup that drops
 * silent peers every half cleanup interval (so a peer is gone at most 1.5 intervals after it
 * fell silent; {@code GET /peers} hides it from the first moment it expires). Its meters, served
 * at {@code /metrics}, live in one registry of its own, passed in where the server is wired.
 */
public final class DiscoveryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryServer.class);

    /** Requests are tiny and never block on anything but the registry lock. */
    private static final int HTTP_THREADS = 4;
    /** How long {@link #close()} lets requests in flight finish. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(1);

    private final DiscoveryConfig config;
    private final PeerRegistry registry;
    private final PrometheusMeterRegistry meterRegistry;
    private final DiscoveryMeters meters;
    private final LiveKeyring keyring;
    private final Clock clock;
    private JvmMeters jvmMeters;
    private final CountDownLatch closed = new CountDownLatch(1);
    private RoutedHttpServer http;
    private ScheduledExecutorService cleanupThread;
    private boolean started;

    /** A server with a registry of its own, as tests start them. */
    public DiscoveryServer(DiscoveryConfig config, Clock clock) {
        this(config, clock, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** {@code meterRegistry}: this server's meters, its own, served at {@code /metrics}. */
    public DiscoveryServer(DiscoveryConfig config, Clock clock, PrometheusMeterRegistry meterRegistry) {
        this.config = Contracts.checkNotNull(config, "config");
        this.registry = new PeerRegistry(config.cleanup(), clock, config.maxNodes());
        this.meterRegistry = Contracts.checkNotNull(meterRegistry, "meter registry");
        this.meters = new DiscoveryMeters(meterRegistry, registry);
        this.keyring = LiveKeyring.of("discovery", config.clusterKey());
        this.clock = clock;
    }

    /**
     * Binds the port and starts serving; throws if the address cannot be bound.
     *
     * @throws PortInUseException the port is taken; the message names it and {@code --port}
     */
    public synchronized DiscoveryServer start() throws IOException {
        Contracts.check(!started, "start() is called once");
        InetSocketAddress address = new InetSocketAddress(config.bind(), config.port());
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve bind address \"" + config.bind() + "\"");
        }
        jvmMeters = JvmMeters.bindTo(meterRegistry);
        KeysResource keys = new KeysResource(keyring, DiscoveryServer::loopbackOnly);
        try {
            http = RoutedHttpServer.start(
                    new ServerSettings(
                            config.bind(), config.port(), HTTP_THREADS, "discovery-http", "discovery", STOP_GRACE),
                    new DiscoveryHttpApi(registry, meters, keyring, clock)
                            .routes()
                            .with(new MetricsResource(meterRegistry).route())
                            .with(keys.listing())
                            .with(keys.changes()),
                    new RequestMeters(meterRegistry));
        } catch (IOException e) {
            throw PortInUseException.orSelf(e, config.port(), "--port " + config.port(), "discovery server");
        }
        started = true;
        cleanupThread = Executors.newSingleThreadScheduledExecutor(daemonThreads("discovery-cleanup"));
        long periodNanos = Math.max(config.cleanup().toNanos() / 2, TimeUnit.MILLISECONDS.toNanos(1));
        var unused = cleanupThread.scheduleAtFixedRate(
                this::dropSilentPeers, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        log.info(
                "discovery server listening on {} (cleanup {})",
                hostPort(config.bind(), port()),
                GoDuration.format(config.cleanup()));
        if (config.clusterKey().isPresent()) {
            log.info(
                    "requests are authenticated with cluster key {} (HMAC-SHA256, X-Cluster-Auth)",
                    config.clusterKey().get().fingerprint());
        } else {
            log.warn(
                    "requests are NOT authenticated: anyone who can reach port {} can register nodes and read the"
                            + " peer list; give the discovery server and every node the same key with"
                            + " --cluster-key-file FILE (or {}=FILE)",
                    port(),
                    ClusterKeyFile.ENVIRONMENT_VARIABLE);
        }
        return this;
    }

    /** The keyring endpoints answer only loopback: whoever calls them decides who may change the cluster. */
    private static void loopbackOnly(Request request) {
        if (!request.fromLoopback()) {
            throw new RequestRefusedException(403, "admin endpoints answer only requests from loopback");
        }
    }

    /** The keys requests are checked against, as {@code /admin/keys} shows and changes them. */
    public LiveKeyring keyring() {
        return keyring;
    }

    /** The port actually bound, which differs from the configured one when that was 0. */
    public synchronized int port() {
        Contracts.check(started, "port() after start()");
        return http.port();
    }

    public PeerRegistry registry() {
        return registry;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops serving and the cleanup; safe to call more than once and before {@link #start()}. */
    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        try {
            if (started) {
                cleanupThread.shutdownNow();
                http.close();
                log.info("discovery server stopped");
            }
            if (jvmMeters != null) {
                jvmMeters.close();
            }
            meterRegistry.close();
        } finally {
            closed.countDown();
        }
    }

    private void dropSilentPeers() {
        // An exception escaping a scheduled task cancels all its later runs; keep cleaning.
        try {
            List<DroppedPeer> expired = registry.expire();
            meters.expired(expired.size());
            for (DroppedPeer dropped : expired) {
                log.info(
                        "dropped {} (not heard from for {})",
                        dropped.addr(),
                        GoDuration.format(roughly(dropped.silentFor())));
            }
        } catch (RuntimeException e) {
            log.warn("peer cleanup failed", e);
        }
    }

    /** Tenths of a second are enough to read a silence in a log line. */
    private static Duration roughly(Duration d) {
        return d.compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofMillis(d.toMillis())
                : Duration.ofMillis(Math.round(d.toMillis() / 100.0) * 100);
    }

    private static String hostPort(String host, int port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

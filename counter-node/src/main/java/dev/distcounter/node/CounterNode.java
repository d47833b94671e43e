package dev.distcounter.node;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.metrics.JvmMeters;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.election.BullyElection;
import dev.distcounter.node.http.ChaosView;
import dev.distcounter.node.http.ClusterView;
import dev.distcounter.node.http.CounterHttpApi;
import dev.distcounter.node.http.CounterOperations;
import dev.distcounter.node.http.HealthView;
import dev.distcounter.node.membership.DiscoveryClient;
import dev.distcounter.node.replication.HandoverReport;
import dev.distcounter.node.ring.RingState;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.LocalUpdate;
import dev.distcounter.node.time.ExecutorScheduler;
import dev.distcounter.node.transport.ChaosSettings;
import dev.distcounter.node.transport.TcpTransport;
import dev.distcounter.wal.RecoveryReport;
import dev.distcounter.wal.WriteAheadLog;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running counter node: a {@link ClusterMember} (state, membership, gossip, election over TCP)
 * plus what a process adds: the WAL, the discovery client, the HTTP API and maintenance. Threads:
 * one gossip thread (all cluster logic and frame handling), one discovery thread, one
 * maintenance thread (snapshots), the WAL writer, transport threads and the HTTP pool.
 *
 * <p>Its meters live in one registry of its own, created here and handed to every part; the
 * HTTP API serves it at {@code /metrics}, and {@code /health} reads the same figures from it.
 */
public final class CounterNode implements CounterOperations, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CounterNode.class);
    private static final Duration MAINTENANCE_PERIOD = Duration.ofSeconds(1);

    private final NodeConfig config;
    private final NodeAddress self;
    private final BoundPorts ports;
    private final NodeStores stores;
    private final CounterStore store;
    private final ExecutorScheduler gossipThread;
    private final ExecutorScheduler discoveryThread;
    private final ExecutorScheduler maintenanceThread;
    private final TcpTransport tcp;
    private final ClusterMember member;
    private final Optional<DiscoveryClient> discovery;
    private final CounterHttpApi http;
    private final PrometheusMeterRegistry registry;
    private final JvmMeters jvm;
    private final LiveKeyring keyring;
    private final long startedAt = System.currentTimeMillis();
    private boolean closed; // guarded by this
    private volatile Runnable afterLeave = Departures::exitProcessSoon;

    private CounterNode(
            NodeConfig config,
            LiveKeyring keyring,
            BoundPorts ports,
            NodeStores stores,
            PrometheusMeterRegistry registry,
            JvmMeters jvm) {
        this.config = config;
        this.self = config.address();
        this.keyring = keyring;
        this.ports = ports;
        this.stores = stores;
        this.store = stores.counter();
        this.registry = registry;
        this.jvm = jvm;
        String port = Integer.toString(self.port());
        this.gossipThread = new ExecutorScheduler("gossip-" + port);
        this.discoveryThread = new ExecutorScheduler("discovery-" + port);
        this.maintenanceThread = new ExecutorScheduler("maintenance-" + port);
        this.tcp = ports.gossip();
        this.member = new ClusterMember(
                config.member(),
                store,
                stores.replicas(),
                stores.hints(),
                tcp,
                gossipThread,
                new Random(new SecureRandom().nextLong()),
                registry);
        this.discovery = config.discovery()
                .map(server -> new DiscoveryClient(
                        self,
                        server,
                        config.member().membership().heartbeat(),
                        member.peers(),
                        discoveryThread,
                        keyring,
                        registry));
        this.http = new CounterHttpApi(config.http(), this, member.keyspace(), registry);
    }

    /**
     * Binds the gossip and HTTP ports, recovers state, starts every part, and returns the
     * running node. The ports come first: a node started on the port of a running one is told
     * so, before it goes near the data directory.
     *
     * @throws dev.distcounter.common.PortInUseException a port is taken
     */
    public static CounterNode start(NodeConfig config) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmMeters jvm = JvmMeters.bindTo(registry);
        // One keyring for the process: the transport signs and checks frames with it, the
        // discovery client signs its requests, /admin/keys changes it.
        LiveKeyring keyring = LiveKeyring.of(config.address().toString(), config.clusterKey());
        BoundPorts ports = null;
        NodeStores stores;
        try {
            ports = BoundPorts.bind(config, keyring, registry);
            stores = NodeStores.open(config, registry);
        } catch (IOException | RuntimeException e) {
            if (ports != null) {
                ports.close();
            }
            jvm.close();
            registry.close();
            throw e;
        }
        CounterNode node = new CounterNode(config, keyring, ports, stores, registry, jvm);
        try {
            node.startParts();
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private void startParts() throws IOException {
        member.start(config.seeds());
        http.start(ports.http());
        maintenanceThread.scheduleAtFixedRate(MAINTENANCE_PERIOD, MAINTENANCE_PERIOD, stores::snapshotIfDue);
        discovery.ifPresent(DiscoveryClient::start);
        StartLines.log(config, store, http.port(), stores.replicas().size());
    }

    @Override
    public NodeAddress address() {
        return self;
    }

    @Override
    public LocalUpdate add(long delta) {
        return member.add(delta);
    }

    @Override
    public PNCounter current() {
        return store.current();
    }

    @Override
    public CompletableFuture<PNCounter> awaitVersion(long version) {
        return store.awaitVersion(version);
    }

    @Override
    public List<NodeAddress> peers() {
        return member.peers().live();
    }

    public int httpPort() {
        return http.port();
    }

    /**
     * Every figure is read from something safe on an HTTP thread: the store's volatile state, the
     * WAL's locks, the synchronized peer table, the election's published view, and meters.
     */
    @Override
    public HealthView health() {
        PNCounter state = store.current();
        BullyElection.View leadership = member.leadership();
        return new HealthView(
                store.failure().isPresent() ? "failing" : "ok",
                store.failure().orElse(null),
                self.toString(),
                store.self().toString(),
                state.value(),
                state.version(),
                member.peers().liveCount(),
                leadership.leader().map(NodeAddress::toString).orElse("none"),
                leadership.term(),
                store.persistent() ? (config.storage().fsync() ? "fsync" : "no-fsync") : "off",
                member.chaos().none() ? "off" : "on",
                (System.currentTimeMillis() - startedAt) / 1000,
                store.wal().map(CounterNode::walDetails).orElse(null),
                member.gossipCounts(),
                member.transportCounts());
    }

    private static HealthView.WalDetails walDetails(WriteAheadLog wal) {
        RecoveryReport recovery = wal.recovery();
        return new HealthView.WalDetails(
                wal.config().dir().toString(),
                wal.lastSequence(),
                wal.lastSnapshotSequence(),
                wal.segmentCount(),
                recovery.recordsReplayed(),
                recovery.truncations().size());
    }

    @Override
    public ClusterView cluster() {
        return member.clusterView();
    }

    @Override
    public ChaosView chaos() {
        return member.chaosView();
    }

    @Override
    public ChaosSettings chaosSettings() {
        return member.chaos();
    }

    @Override
    public void applyChaos(ChaosSettings chaos) {
        member.applyChaos(chaos);
    }

    @Override
    public LiveKeyring keyring() {
        return keyring;
    }

    @Override
    public CompletableFuture<HandoverReport> leave() {
        return member.departures().leave(Departures.LEAVE_WAIT).whenComplete((report, failure) -> afterLeave.run());
    }

    @Override
    public RingState.Removal remove(NodeAddress member) {
        return this.member.departures().remove(member);
    }

    /** What runs once this node has left the ring; by default the process exits 0 ({@link Departures#exitProcessSoon}). */
    public void whenLeft(Runnable stop) {
        afterLeave = stop;
    }

    /**
     * Stops in the order that keeps every promise: no new requests, then the log flushed and
     * closed (with a snapshot), then deregistration, cluster parts and transport.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("{}: shutting down", self);
        http.close();
        maintenanceThread.close();
        stores.closeData();
        discoveryThread.close();
        discovery.ifPresent(DiscoveryClient::stop);
        gossipThread.close();
        member.close();
        stores.closeHints();
        // Whatever a part had not taken over yet (a start that failed half way).
        ports.close();
        jvm.close();
        registry.close();
        log.info("{}: stopped", self);
    }
}

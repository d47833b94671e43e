package dev.distcounter.node;

import dev.distcounter.common.GoDuration;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.ClusterKeyFile;
import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.metrics.JvmMeters;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.election.BullyElection;
import dev.distcounter.node.handoff.HintStore;
import dev.distcounter.node.http.ChaosView;
import dev.distcounter.node.http.ClusterView;
import dev.distcounter.node.http.CounterHttpApi;
import dev.distcounter.node.http.CounterOperations;
import dev.distcounter.node.http.HealthView;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.membership.DiscoveryClient;
import dev.distcounter.node.metrics.WalMeters;
import dev.distcounter.node.replication.KeyspaceConfig;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.LocalUpdate;
import dev.distcounter.node.storage.StartingState;
import dev.distcounter.node.time.ExecutorScheduler;
import dev.distcounter.node.transport.ChaosSettings;
import dev.distcounter.node.transport.TcpTransport;
import dev.distcounter.wal.RecoveryReport;
import dev.distcounter.wal.WalObserver;
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
    private final CounterStore store;
    private final ReplicaStore replicaStore;
    private final HintStore hintStore;
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

    private CounterNode(
            NodeConfig config,
            LiveKeyring keyring,
            BoundPorts ports,
            CounterStore store,
            ReplicaStore replicaStore,
            HintStore hintStore,
            PrometheusMeterRegistry registry,
            JvmMeters jvm) {
        this.config = config;
        this.self = config.address();
        this.keyring = keyring;
        this.ports = ports;
        this.store = store;
        this.replicaStore = replicaStore;
        this.hintStore = hintStore;
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
                replicaStore,
                hintStore,
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
        CounterStore store = null;
        ReplicaStore replicaStore = null;
        HintStore hintStore;
        try {
            ports = BoundPorts.bind(config, keyring, registry);
            store = openStore(config, registry);
            replicaStore = openReplicaStore(config);
            hintStore = openHintStore(config);
        } catch (IOException | RuntimeException e) {
            if (replicaStore != null) {
                replicaStore.close();
            }
            if (store != null) {
                store.close();
            }
            if (ports != null) {
                ports.close();
            }
            jvm.close();
            registry.close();
            throw e;
        }
        CounterNode node = new CounterNode(config, keyring, ports, store, replicaStore, hintStore, registry, jvm);
        try {
            node.startParts();
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** Opens the store and logs, in one line, where it lives and what it recovered. */
    private static CounterStore openStore(NodeConfig config, PrometheusMeterRegistry registry) throws IOException {
        String name = config.address().toString();
        if (!config.storage().enabled()) {
            log.warn("{}: {}", name, StartingState.withoutWal());
            return CounterStore.inMemory(name, new SecureRandom().nextLong() & Long.MAX_VALUE);
        }
        CounterStore store =
                CounterStore.open(name, config.storage(), System::currentTimeMillis, new WalMeters(registry));
        RecoveryReport recovery = store.recovery().orElseThrow();
        log.info("{}: {}", name, StartingState.describe(config.storage().dir(), store.current(), recovery));
        return store;
    }

    /** Opens the keys this node holds as a replica, in their own log beside the counter's. */
    /** Opens the hints this node keeps as a coordinator, in their own log beside the replica store's. */
    private static HintStore openHintStore(NodeConfig config) throws IOException {
        if (!config.storage().enabled()) {
            return HintStore.inMemory(config.member().keyspace().hints());
        }
        HintStore hints =
                HintStore.open(config.storage(), config.member().keyspace().hints());
        log.info(
                "{}: hint store: {} hint(s) recovered from {}",
                config.address(),
                hints.pending(),
                HintStore.directory(config.storage()));
        return hints;
    }

    private static ReplicaStore openReplicaStore(NodeConfig config) throws IOException {
        String name = config.address().toString();
        if (!config.storage().enabled()) {
            return ReplicaStore.inMemory(name);
        }
        // The counter's WAL meters describe the counter's log; the replica log is not metered yet.
        ReplicaStore replicas = ReplicaStore.open(name, config.storage(), WalObserver.NONE);
        log.info(
                "{}: replica store: {} key(s) recovered from {}",
                name,
                replicas.size(),
                replicas.wal().map(w -> w.config().dir().toString()).orElse("memory"));
        return replicas;
    }

    private void startParts() throws IOException {
        member.start(config.seeds());
        http.start(ports.http());
        maintenanceThread.scheduleAtFixedRate(MAINTENANCE_PERIOD, MAINTENANCE_PERIOD, this::maintain);
        discovery.ifPresent(DiscoveryClient::start);
        logStart();
    }

    private void logStart() {
        PNCounter state = store.current();
        // Where the WAL is and what it held is the line logged when it was opened.
        String storage = store.persistent() ? "WAL fsync " + (config.storage().fsync() ? "on" : "off") : "no WAL";
        log.info(
                "{}: started as replica {} (node id {}); HTTP on {}:{}; discovery {}; seeds {}; sync {}, max peers {};"
                        + " {}; counter {} (version {})",
                self,
                store.self(),
                config.member().election().nodeId(),
                config.http().bind(),
                http.port(),
                config.discovery().map(NodeAddress::toString).orElse("none"),
                config.seeds(),
                GoDuration.format(config.member().gossip().syncInterval()),
                config.member().gossip().maxPeers(),
                storage,
                state.value(),
                state.version());
        if (!config.member().chaos().none()) {
            log.warn(
                    "{}: chaos mode: {}; seed {} (the same seed gives the same fault decisions)",
                    self,
                    config.member().chaos(),
                    config.member().chaosSeed());
        } else {
            log.info(
                    "{}: chaos seed {} (faults set later through /admin/chaos draw from it; --chaos-seed repeats it)",
                    self,
                    config.member().chaosSeed());
        }
        logKeyspace();
        logAuthentication();
        if (config.discovery().isEmpty() && config.seeds().isEmpty()) {
            log.warn("{}: no discovery server and no seeds: this node will only meet peers that contact it", self);
        }
    }

    /** One line at start: the keyspace's settings, a warning when reads may miss acknowledged writes. */
    private void logKeyspace() {
        KeyspaceConfig keyspace = config.member().keyspace();
        String settings = "N=" + keyspace.replicas() + " R=" + keyspace.readQuorum() + " W=" + keyspace.writeQuorum()
                + ", " + keyspace.vnodes() + " virtual nodes per member";
        if (keyspace.quorumsOverlap()) {
            log.info("{}: keyspace {}; {} key(s) held here", self, settings, replicaStore.size());
        } else {
            log.warn(
                    "{}: keyspace {}: R+W<=N, so a read may miss a write acknowledged before it started, and a"
                            + " write may lose to an older one; use R+W>N for read-your-writes",
                    self,
                    settings);
        }
    }

    /** One line at start: which key signs, or a warning that nothing does. */
    private void logAuthentication() {
        if (config.clusterKey().isPresent()) {
            log.info(
                    "{}: frames and discovery requests are authenticated with cluster key {} (HMAC-SHA256)",
                    self,
                    config.clusterKey().get().fingerprint());
        } else {
            log.warn(
                    "{}: frames are NOT authenticated: anyone who can reach {} can change the counter and the"
                            + " membership; give every node and the discovery server the same key with"
                            + " --cluster-key-file FILE (or {}=FILE); make one with: java -jar cluster-tool.jar"
                            + " keys generate FILE",
                    self,
                    self,
                    ClusterKeyFile.ENVIRONMENT_VARIABLE);
        }
    }

    private void maintain() {
        try {
            store.snapshotIfDue();
        } catch (IOException e) {
            log.warn("{}: snapshot failed: {}", self, e.toString());
        }
        try {
            replicaStore.snapshotIfDue();
        } catch (IOException e) {
            log.warn("{}: replica store snapshot failed: {}", self, e.toString());
        }
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
        try {
            store.close();
        } catch (IOException e) {
            log.error("{}: closing the WAL failed: {}", self, e.toString());
        }
        try {
            replicaStore.close();
        } catch (IOException e) {
            log.error("{}: closing the replica log failed: {}", self, e.toString());
        }
        try {
            hintStore.close();
        } catch (IOException e) {
            log.error("{}: closing the hint log failed: {}", self, e.toString());
        }
        discoveryThread.close();
        discovery.ifPresent(DiscoveryClient::stop);
        gossipThread.close();
        member.close();
        // Whatever a part had not taken over yet (a start that failed half way).
        ports.close();
        jvm.close();
        registry.close();
        log.info("{}: stopped", self);
    }
}

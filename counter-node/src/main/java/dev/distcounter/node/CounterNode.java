package dev.distcounter.node;

import dev.distcounter.common.GoDuration;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.gossip.GossipStats;
import dev.distcounter.node.http.ClusterView;
import dev.distcounter.node.http.CounterHttpApi;
import dev.distcounter.node.http.CounterOperations;
import dev.distcounter.node.http.HealthView;
import dev.distcounter.node.membership.DiscoveryClient;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.LocalUpdate;
import dev.distcounter.node.time.ExecutorScheduler;
import dev.distcounter.node.transport.ChaosSettings;
import dev.distcounter.node.transport.FaultStats;
import dev.distcounter.node.transport.TcpTransport;
import dev.distcounter.node.transport.TransportStats;
import dev.distcounter.wal.RecoveryReport;
import dev.distcounter.wal.WriteAheadLog;
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
 */
public final class CounterNode implements CounterOperations, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CounterNode.class);
    private static final Duration MAINTENANCE_PERIOD = Duration.ofSeconds(1);

    private final NodeConfig config;
    private final NodeAddress self;
    private final CounterStore store;
    private final ExecutorScheduler gossipThread;
    private final ExecutorScheduler discoveryThread;
    private final ExecutorScheduler maintenanceThread;
    private final TcpTransport tcp;
    private final ClusterMember member;
    private final Optional<DiscoveryClient> discovery;
    private final CounterHttpApi http;
    private final long startedAt = System.currentTimeMillis();
    private boolean closed;

    private CounterNode(NodeConfig config, CounterStore store) {
        this.config = config;
        this.self = config.address();
        this.store = store;
        String port = Integer.toString(self.port());
        this.gossipThread = new ExecutorScheduler("gossip-" + port);
        this.discoveryThread = new ExecutorScheduler("discovery-" + port);
        this.maintenanceThread = new ExecutorScheduler("maintenance-" + port);
        this.tcp = new TcpTransport(config.transport());
        this.member =
                new ClusterMember(config.member(), store, tcp, gossipThread, new Random(new SecureRandom().nextLong()));
        this.discovery = config.discovery()
                .map(server -> new DiscoveryClient(
                        self, server, config.member().membership().heartbeat(), member.peers(), discoveryThread));
        this.http = new CounterHttpApi(config.http(), this);
    }

    /** Recovers state, starts every part, and returns the running node. */
    public static CounterNode start(NodeConfig config) throws IOException {
        String name = config.address().toString();
        CounterStore store = config.storage().enabled()
                ? CounterStore.open(name, config.storage(), System::currentTimeMillis)
                : CounterStore.inMemory(name, new SecureRandom().nextLong() & Long.MAX_VALUE);
        CounterNode node = new CounterNode(config, store);
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
        http.start();
        maintenanceThread.scheduleAtFixedRate(MAINTENANCE_PERIOD, MAINTENANCE_PERIOD, this::maintain);
        discovery.ifPresent(DiscoveryClient::start);
        logStart();
    }

    private void logStart() {
        PNCounter state = store.current();
        String storage = store.recovery()
                .map(r -> "WAL " + config.storage().dir() + " (fsync "
                        + (config.storage().fsync() ? "on" : "off") + ", replayed " + r.recordsReplayed()
                        + " records after snapshot " + r.snapshotSequence() + ")")
                .orElse("no WAL");
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
        if (!store.persistent()) {
            log.warn(
                    "{}: WAL disabled (--wal=false): state lives in memory only; an acknowledged operation "
                            + "survives a crash of this node only once it has been gossiped to a peer",
                    self);
        }
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
        if (config.discovery().isEmpty() && config.seeds().isEmpty()) {
            log.warn("{}: no discovery server and no seeds: this node will only meet peers that contact it", self);
        }
    }

    private void maintain() {
        try {
            store.snapshotIfDue();
        } catch (IOException e) {
            log.warn("{}: snapshot failed: {}", self, e.toString());
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

    @Override
    public HealthView health() {
        PNCounter state = store.current();
        GossipStats g = member.gossiper().stats();
        TransportStats t = member.transport().stats();
        return new HealthView(
                store.failure().isPresent() ? "failing" : "ok",
                store.failure().orElse(null),
                self.toString(),
                store.self().toString(),
                state.value(),
                state.version(),
                member.peers().liveCount(),
                member.leadership().leader().map(NodeAddress::toString).orElse("none"),
                member.leadership().term(),
                store.persistent() ? (config.storage().fsync() ? "fsync" : "no-fsync") : "off",
                member.chaos().none() ? "off" : "on",
                (System.currentTimeMillis() - startedAt) / 1000,
                store.wal().map(CounterNode::walDetails).orElse(null),
                new HealthView.GossipCounts(
                        g.rounds(), g.pushes(), g.framesIn(), g.merges(), g.replies(), g.badFrames()),
                new HealthView.TransportCounts(
                        t.framesSent(), t.framesReceived(), t.framesDropped(), t.framesRejected()));
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
    public ChaosSettings chaos() {
        return member.chaos();
    }

    @Override
    public FaultStats faultStats() {
        return member.faultStats();
    }

    @Override
    public void applyChaos(ChaosSettings chaos) {
        member.applyChaos(chaos);
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
        discoveryThread.close();
        discovery.ifPresent(DiscoveryClient::stop);
        gossipThread.close();
        member.close();
        log.info("{}: stopped", self);
    }
}

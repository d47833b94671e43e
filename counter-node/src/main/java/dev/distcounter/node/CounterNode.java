package dev.distcounter.node;

import dev.distcounter.common.GoDuration;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.gossip.GossipStats;
import dev.distcounter.node.gossip.Gossiper;
import dev.distcounter.node.http.CounterHttpApi;
import dev.distcounter.node.http.CounterOperations;
import dev.distcounter.node.membership.DiscoveryClient;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.LocalUpdate;
import dev.distcounter.node.time.ExecutorScheduler;
import dev.distcounter.node.transport.TcpTransport;
import dev.distcounter.node.transport.TransportListener;
import dev.distcounter.node.transport.TransportStats;
import dev.distcounter.wal.RecoveryReport;
import dev.distcounter.wal.WriteAheadLog;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running counter node: store (state + WAL), TCP transport, peer table, gossip, discovery
 * client and HTTP API, wired together. Threads: one gossip thread (all gossip logic and frame
 * handling), one discovery thread, one maintenance thread (peer expiry, snapshots), the WAL
 * writer, transport threads and the HTTP pool.
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
    private final PeerTable peers;
    private final TcpTransport transport;
    private final Gossiper gossiper;
    private final DiscoveryClient discovery;
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
        this.peers = new PeerTable(self, config.peers());
        this.transport = new TcpTransport(config.transport());
        this.gossiper = new Gossiper(self, config.gossip(), store, peers, transport, gossipThread,
                new Random(new SecureRandom().nextLong()));
        this.discovery = new DiscoveryClient(self, config.discovery(), config.heartbeat(), peers, discoveryThread);
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
        transport.start(new TransportListener() {
            @Override
            public void onFrame(Frame frame) {
                gossipThread.execute(() -> gossiper.handle(frame));
            }

            @Override
            public void onSendFailed(NodeAddress to, String reason) {
                peers.sendFailed(to, reason);
            }

            @Override
            public void onConnected(NodeAddress to) {
                peers.connected(to, System.currentTimeMillis());
            }
        });
        http.start();
        gossiper.start();
        maintenanceThread.scheduleAtFixedRate(MAINTENANCE_PERIOD, MAINTENANCE_PERIOD, this::maintain);
        discovery.start();
        logStart();
    }

    private void logStart() {
        PNCounter state = store.current();
        String storage = store.recovery().map(r -> "WAL " + config.storage().dir() + " (fsync "
                + (config.storage().fsync() ? "on" : "off") + ", replayed " + r.recordsReplayed()
                + " records after snapshot " + r.snapshotSequence() + ")").orElse("no WAL");
        log.info("{}: started as replica {}; HTTP on {}:{}; discovery {}; sync {}, max peers {}; {}; counter {} "
                        + "(version {})", self, store.self(), config.http().bind(), http.port(), config.discovery(),
                GoDuration.format(config.gossip().syncInterval()), config.gossip().maxPeers(), storage,
                state.value(), state.version());
        if (!store.persistent()) {
            log.warn("{}: WAL disabled (--wal=false): state lives in memory only; an acknowledged operation "
                    + "survives a crash of this node only once it has been gossiped to a peer", self);
        }
    }

    private void maintain() {
        peers.expire(System.currentTimeMillis());
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
        LocalUpdate update = store.add(delta);
        gossiper.localUpdate();
        return update;
    }

    @Override
    public PNCounter current() {
        return store.current();
    }

    @Override
    public List<NodeAddress> peers() {
        return peers.reachable();
    }

    public int httpPort() {
        return http.port();
    }

    @Override
    public Map<String, Object> health() {
        PNCounter state = store.current();
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", store.failure().isPresent() ? "failing" : "ok");
        store.failure().ifPresent(reason -> health.put("walFailure", reason));
        health.put("node", self.toString());
        health.put("replica", store.self().toString());
        health.put("value", state.value());
        health.put("version", state.version());
        health.put("peers", peers.reachable().size());
        health.put("wal", store.persistent() ? (config.storage().fsync() ? "fsync" : "no-fsync") : "off");
        health.put("uptimeSeconds", (System.currentTimeMillis() - startedAt) / 1000);
        store.wal().ifPresent(wal -> health.put("walDetails", walDetails(wal)));
        GossipStats g = gossiper.stats();
        TransportStats t = transport.stats();
        health.put("gossip", Map.of("rounds", g.rounds(), "pushes", g.pushes(), "framesIn", g.framesIn(),
                "merges", g.merges(), "replies", g.replies(), "badFrames", g.badFrames()));
        health.put("transport", Map.of("framesSent", t.framesSent(), "framesReceived", t.framesReceived(),
                "framesDropped", t.framesDropped(), "connectionsRejected", t.framesRejected()));
        health.put("peerTable", peers.all().stream().map(p -> Map.of(
                "addr", p.address().toString(),
                "reachable", p.reachable(),
                "sources", p.sources(),
                "consecutiveFailures", p.consecutiveFailures())).toList());
        return health;
    }

    private static Map<String, Object> walDetails(WriteAheadLog wal) {
        RecoveryReport recovery = wal.recovery();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dir", wal.config().dir().toString());
        details.put("lastSequence", wal.lastSequence());
        details.put("lastSnapshot", wal.lastSnapshotSequence());
        details.put("segments", wal.segmentCount());
        details.put("replayedAtStart", recovery.recordsReplayed());
        details.put("truncatedAtStart", recovery.truncations().size());
        return details;
    }

    /**
     * Stops in the order that keeps every promise: no new requests, then the log flushed and
     * closed (with a snapshot), then deregistration, gossip and transport.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("{}: shutting down", self);
        http.close();
        gossiper.stop();
        maintenanceThread.close();
        try {
            store.close();
        } catch (IOException e) {
            log.error("{}: closing the WAL failed: {}", self, e.toString());
        }
        discoveryThread.close();
        discovery.stop();
        gossipThread.close();
        transport.close();
        log.info("{}: stopped", self);
    }
}

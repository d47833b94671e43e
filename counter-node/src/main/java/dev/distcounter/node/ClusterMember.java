package dev.distcounter.node;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.node.antientropy.AntiEntropyView;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.election.BullyElection;
import dev.distcounter.node.gossip.Gossiper;
import dev.distcounter.node.handoff.HintStore;
import dev.distcounter.node.http.ChaosView;
import dev.distcounter.node.http.ClusterView;
import dev.distcounter.node.http.HealthView;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.membership.Heartbeats;
import dev.distcounter.node.membership.MemberState;
import dev.distcounter.node.membership.PeerSource;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.metrics.MemberGauges;
import dev.distcounter.node.replication.KeyValueOperations;
import dev.distcounter.node.ring.RingState;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.LocalUpdate;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.ChaosSettings;
import dev.distcounter.node.transport.FaultInjectingTransport;
import dev.distcounter.node.transport.Transport;
import dev.distcounter.node.transport.TransportListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's cluster-facing parts, wired once: counter state, membership table, heartbeats and
 * failure detection, gossip, leader election, and the keyspace ({@link MemberKeyspace}), all on one {@link Scheduler} thread, over one
 * transport wrapped in a {@link FaultInjectingTransport} (chaos). {@link CounterNode} adds the
 * WAL, HTTP and discovery; tests and simulations run many of these in one JVM.
 *
 * <p>Every inbound frame goes to the scheduler thread, where the {@link FrameRouter} records it
 * as contact from its sender, decodes it, and hands it to gossip (PULL, PUSH), heartbeats
 * (HEARTBEAT) or the election.
 *
 * <p>Its meters go to the registry it is given, which must be its own: in-JVM clusters give
 * each member a registry of its own, so members never share counters. The transport it is given
 * counts its frames there too.
 */
public final class ClusterMember implements TransportListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterMember.class);
    private final NodeAddress self;
    private final CounterStore store;
    private final Scheduler scheduler;
    private final PeerTable peers;
    private final FaultInjectingTransport transport;
    private final Gossiper gossiper;
    private final BullyElection election;
    private final Heartbeats heartbeats;
    private final MemberKeyspace keyspace;
    private final FrameRouter router;
    private final MemberViews views;

    /**
     * @param network  the transport, counting its frames on {@code registry}
     * @param registry this member's meters, and its alone
     */
    public ClusterMember(
            MemberConfig config,
            CounterStore store,
            Transport network,
            Scheduler scheduler,
            Random random,
            MeterRegistry registry) {
        this(
                config,
                store,
                ReplicaStore.inMemory(config.address().toString()),
                HintStore.inMemory(config.keyspace().hints()),
                network,
                scheduler,
                random,
                registry);
    }

    /**
     * @param replicaStore the keys this node holds as a replica
     * @param hintStore    the hints this node keeps as a coordinator (the caller closes it)
     * @param network      the transport, counting its frames on {@code registry}
     * @param registry     this member's meters, and its alone
     */
    public ClusterMember(
            MemberConfig config,
            CounterStore store,
            ReplicaStore replicaStore,
            HintStore hintStore,
            Transport network,
            Scheduler scheduler,
            Random random,
            MeterRegistry registry) {

        this.self = config.address();
        this.store = store;
        this.scheduler = scheduler;
        this.peers = new PeerTable(self, config.membership(), registry);
        this.transport = new FaultInjectingTransport(network, scheduler, new Random(config.chaosSeed()), registry);
        this.transport.apply(config.chaos());
        this.gossiper = new Gossiper(
                self, config.gossip(), store, peers, transport, scheduler, new Random(random.nextLong()), registry);
        this.election = new BullyElection(self, config.election(), peers, transport, scheduler, registry);
        // Kept in the data directory, next to the replica log's: nowhere without one.
        RingState ringState = RingState.open(
                self.toString(),
                store.self().incarnation(),
                replicaStore.wal().map(wal -> wal.config().dir().getParent()));
        this.heartbeats = new Heartbeats(
                self,
                config.election().nodeId(),
                store.self().incarnation(),
                peers,
                transport,
                scheduler,
                new Random(random.nextLong()),
                () -> {
                    BullyElection.View leadership = election.view();
                    return new Heartbeats.LeaderClaim(leadership.leader(), leadership.term());
                },
                election::onMembershipChange,
                ringState);
        this.keyspace = new MemberKeyspace(
                config,
                peers,
                ringState,
                heartbeats,
                replicaStore,
                hintStore,
                transport,
                scheduler,
                random.nextLong(),
                // Not from random: another draw would change every seeded simulation's run.
                Long.reverse(config.chaosSeed()) ^ 0x5DEECE66DL,
                registry);
        this.router = new FrameRouter(
                self,
                scheduler,
                peers,
                gossiper,
                heartbeats,
                election,
                keyspace.replica,
                keyspace.coordinator,
                keyspace.antiEntropy,
                registry);
        this.views = new MemberViews(
                self, config.election().nodeId(), store, scheduler, peers, transport, gossiper, election, router);
        MemberGauges.register(registry, self, store, peers, election);
    }

    /** Starts receiving and every periodic task; {@code seeds} are known from the start. */
    public void start(List<NodeAddress> seeds) throws IOException {
        long now = scheduler.nowMillis();
        for (NodeAddress seed : seeds) {
            peers.learned(seed, PeerSource.SEED, now);
        }
        transport.start(this);
        gossiper.start();
        heartbeats.start();
        election.start();
        keyspace.start();
    }

    @Override
    public void onFrame(Frame frame) {
        scheduler.execute(() -> router.route(frame));
    }

    @Override
    public void onSendFailed(NodeAddress to, String reason) {
        scheduler.execute(() -> peers.sendFailed(to, reason));
    }

    @Override
    public boolean isMember(NodeAddress peer) {
        return peers.state(peer).map(state -> state != MemberState.UNCONFIRMED).orElse(false);
    }

    @Override
    public void onConnected(NodeAddress to) {
        scheduler.execute(() -> peers.connected(to, scheduler.nowMillis()).ifPresent(election::onMembershipChange));
    }

    /** An increment or decrement on this node, pushed to peers soon. */
    public LocalUpdate add(long delta) {
        LocalUpdate update = store.add(delta);
        gossiper.localUpdate();
        return update;
    }

    public NodeAddress address() {
        return self;
    }

    /** The keyspace, coordinated from this node; safe from any thread. */
    public KeyValueOperations keyspace() {
        return keyspace.coordinator;
    }

    /** Anti-entropy's state, as {@code /cluster} shows it; safe from any thread. */
    public AntiEntropyView antiEntropy() {
        return keyspace.antiEntropy.view();
    }

    /** Leaving the ring and removing dead members from it; safe from any thread. */
    public Departures departures() {
        return keyspace.departures;
    }

    /** The keys this node holds as a replica. */
    public ReplicaStore replicaStore() {
        return keyspace.replica.store();
    }

    public CounterStore store() {
        return store;
    }

    public PNCounter state() {
        return store.current();
    }

    public PeerTable peers() {
        return peers;
    }

    public Gossiper gossiper() {
        return gossiper;
    }

    public BullyElection.View leadership() {
        return election.view();
    }

    /** Election terms refused as too far ahead ({@code election.terms.refused}); safe from any thread. */
    public long termsRefused() {
        return election.termsRefused();
    }

    /** The transport, with the faults this member injects; its meters count everything the member sent. */
    public FaultInjectingTransport transport() {
        return transport;
    }

    /** Replaces the injected faults (chaos); logged, one line. */
    public void applyChaos(ChaosSettings chaos) {
        transport.apply(chaos);
        log.info("{}: chaos set: {}", self, chaos);
    }

    public ChaosSettings chaos() {
        return transport.settings();
    }

    /** The injected faults and what they did, as {@code /admin/chaos} shows them; safe from any thread. */
    public ChaosView chaosView() {
        return views.chaos();
    }

    /** What gossip did, as {@code /health} shows it; safe from any thread. */
    public HealthView.GossipCounts gossipCounts() {
        return views.gossipCounts();
    }

    /** What the transport did, as {@code /health} shows it; safe from any thread. */
    public HealthView.TransportCounts transportCounts() {
        return views.transportCounts();
    }

    /** Frames whose handling failed (a bug, each logged at ERROR); safe from any thread. */
    public long failedFrames() {
        return router.failed();
    }

    /** The membership table and leadership, as {@code /cluster} shows them; safe from any thread. */
    public ClusterView clusterView() {
        return views.cluster().withAntiEntropy(keyspace.antiEntropy.view());
    }

    @Override
    public void close() {
        keyspace.stop();
        election.stop();
        heartbeats.stop();
        gossiper.stop();
        transport.close();
    }
}

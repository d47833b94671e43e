package dev.distcounter.node;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.election.BullyElection;
import dev.distcounter.node.election.ElectionMessage;
import dev.distcounter.node.gossip.Gossiper;
import dev.distcounter.node.http.ClusterView;
import dev.distcounter.node.membership.Heartbeat;
import dev.distcounter.node.membership.Heartbeats;
import dev.distcounter.node.membership.Member;
import dev.distcounter.node.membership.PeerSource;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.LocalUpdate;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.ChaosSettings;
import dev.distcounter.node.transport.FaultInjectingTransport;
import dev.distcounter.node.transport.FaultStats;
import dev.distcounter.node.transport.Transport;
import dev.distcounter.node.transport.TransportListener;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's cluster-facing parts, wired once: counter state, membership table, heartbeats and
 * failure detection, gossip, leader election, all on one {@link Scheduler} thread, over one
 * transport wrapped in a {@link FaultInjectingTransport} (chaos). {@link CounterNode} adds the
 * WAL, HTTP and discovery; tests and simulations run many of these in one JVM.
 *
 * <p>Every inbound frame is routed here: it is contact from its sender (membership), then goes
 * to gossip (PULL, PUSH), heartbeats (HEARTBEAT) or the election.
 */
public final class ClusterMember implements TransportListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterMember.class);

    private final MemberConfig config;
    private final NodeAddress self;
    private final CounterStore store;
    private final Scheduler scheduler;
    private final PeerTable peers;
    private final FaultInjectingTransport transport;
    private final Gossiper gossiper;
    private final BullyElection election;
    private final Heartbeats heartbeats;
    private long badFrames; // scheduler thread only

    public ClusterMember(
            MemberConfig config, CounterStore store, Transport network, Scheduler scheduler, Random random) {
        this.config = config;
        this.self = config.address();
        this.store = store;
        this.scheduler = scheduler;
        this.peers = new PeerTable(self, config.membership());
        this.transport = new FaultInjectingTransport(network, scheduler, new Random(config.chaosSeed()));
        this.transport.apply(config.chaos());
        this.gossiper =
                new Gossiper(self, config.gossip(), store, peers, transport, scheduler, new Random(random.nextLong()));
        this.election = new BullyElection(self, config.election(), peers, transport, scheduler);
        this.heartbeats = new Heartbeats(
                self,
                config.election().nodeId(),
                store.self().incarnation(),
                peers,
                transport,
                scheduler,
                new Random(random.nextLong()),
                () -> new Heartbeats.LeaderClaim(
                        election.view().leader(), election.view().term()),
                election::onMembershipChange);
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
    }

    @Override
    public void onFrame(Frame frame) {
        scheduler.execute(() -> route(frame));
    }

    @Override
    public void onSendFailed(NodeAddress to, String reason) {
        scheduler.execute(() -> peers.sendFailed(to, reason));
    }

    @Override
    public void onConnected(NodeAddress to) {
        scheduler.execute(() -> peers.connected(to, scheduler.nowMillis()).ifPresent(election::onMembershipChange));
    }

    private void route(Frame frame) {
        peers.heardFrom(frame.sender(), scheduler.nowMillis()).ifPresent(election::onMembershipChange);
        try {
            switch (frame.type()) {
                case PULL, PUSH -> gossiper.handle(frame);
                case HEARTBEAT -> {
                    Heartbeat heartbeat = Heartbeat.decode(frame.payload());
                    heartbeats.handle(frame.sender(), heartbeat);
                    election.onHeartbeat(frame.sender(), heartbeat.nodeId(), heartbeat.leader(), heartbeat.term());
                }
                case ELECTION, ELECTION_ANSWER, COORDINATOR ->
                    election.handle(frame, ElectionMessage.decode(frame.payload()));
                default -> throw new IllegalArgumentException("no handler for " + frame.type());
            }
        } catch (IllegalArgumentException e) {
            badFrames++;
            log.warn("{}: ignoring {} from {}: {}", self, frame.type(), frame.sender(), e.getMessage());
        }
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

    public FaultStats faultStats() {
        return transport.faultStats();
    }

    /** The membership table and leadership, as {@code /cluster} shows them. */
    public ClusterView clusterView() {
        BullyElection.View view = election.view();
        return new ClusterView(
                self.toString(),
                config.election().nodeId(),
                store.self().incarnation(),
                view.leader().map(NodeAddress::toString).orElse(null),
                view.term(),
                view.electing(),
                view.elections(),
                peers.deadVerdicts(),
                badFrames,
                peers.members(scheduler.nowMillis()).stream()
                        .map(ClusterMember::row)
                        .toList());
    }

    private static ClusterView.MemberRow row(Member m) {
        return new ClusterView.MemberRow(
                m.address().toString(),
                m.state().name().toLowerCase(Locale.ROOT),
                m.nodeId(),
                m.incarnation(),
                m.silenceMillis(),
                m.inStateMillis(),
                m.consecutiveFailures(),
                m.sources().stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
    }

    @Override
    public void close() {
        election.stop();
        heartbeats.stop();
        gossiper.stop();
        transport.close();
    }
}

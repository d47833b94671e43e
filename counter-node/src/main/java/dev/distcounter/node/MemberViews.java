package dev.distcounter.node;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.election.BullyElection;
import dev.distcounter.node.gossip.GossipMeters;
import dev.distcounter.node.gossip.Gossiper;
import dev.distcounter.node.http.ChaosView;
import dev.distcounter.node.http.ClusterView;
import dev.distcounter.node.http.HealthView;
import dev.distcounter.node.membership.Member;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.ChaosSettings;
import dev.distcounter.node.transport.DropReason;
import dev.distcounter.node.transport.FaultInjectingTransport;
import dev.distcounter.node.transport.TransportMeters;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a {@link ClusterMember}'s parts show the HTTP API: {@code /cluster}, {@code /admin/chaos}
 * and the counts of {@code /health}. Safe from any thread: leadership is one published
 * snapshot, the table is synchronized, the counts are meters.
 */
final class MemberViews {
    private static final Set<MessageType> GOSSIP = EnumSet.of(MessageType.PULL, MessageType.PUSH);
    /**
     * HEARTBEAT, the election's and the keyspace's frames: the {@code badFrames} of {@code /cluster}
     * (which shows membership, leadership and the ring), as gossip's are of {@code /health}.
     */
    private static final Set<MessageType> MEMBERSHIP_AND_ELECTION = EnumSet.complementOf(EnumSet.copyOf(GOSSIP));

    private final NodeAddress self;
    private final long nodeId;
    private final CounterStore store;
    private final Scheduler scheduler;
    private final PeerTable peers;
    private final FaultInjectingTransport transport;
    private final Gossiper gossiper;
    private final BullyElection election;
    private final FrameRouter router;

    MemberViews(
            NodeAddress self,
            long nodeId,
            CounterStore store,
            Scheduler scheduler,
            PeerTable peers,
            FaultInjectingTransport transport,
            Gossiper gossiper,
            BullyElection election,
            FrameRouter router) {
        this.self = self;
        this.nodeId = nodeId;
        this.store = store;
        this.scheduler = scheduler;
        this.peers = peers;
        this.transport = transport;
        this.gossiper = gossiper;
        this.election = election;
        this.router = router;
    }

    /** The injected faults and what they did, as {@code /admin/chaos} shows them; safe from any thread. */
    ChaosView chaos() {
        ChaosSettings chaos = transport.settings();
        TransportMeters meters = transport.meters();
        return new ChaosView(
                chaos.drop(),
                ChaosSettings.formatDelay(chaos.minDelay(), chaos.maxDelay()),
                chaos.blocked().stream().map(NodeAddress::toString).toList(), // sorted by host, then port
                meters.framesDropped(DropReason.FAULT_BLOCKED),
                meters.framesDropped(DropReason.FAULT_LOSS),
                meters.framesDelayed());
    }

    /** What gossip did, as {@code /health} shows it; safe from any thread. */
    HealthView.GossipCounts gossipCounts() {
        GossipMeters g = gossiper.meters();
        return new HealthView.GossipCounts(
                g.rounds(),
                g.pushes(),
                router.processed(GOSSIP),
                g.merges(),
                g.replies(),
                router.bad(GOSSIP) + g.mergesRefused());
    }

    /** What the transport did, as {@code /health} shows it; safe from any thread. */
    HealthView.TransportCounts transportCounts() {
        TransportMeters t = transport.meters();
        return new HealthView.TransportCounts(
                t.framesSent(), t.framesReceived(), t.framesDropped(), t.connectionsRejected());
    }

    /**
     * The membership table and leadership, as {@code /cluster} shows them; safe from any thread:
     * leadership is one published snapshot, the table is synchronized, the counts are meters.
     */
    ClusterView cluster() {
        BullyElection.View view = election.view();
        return new ClusterView(
                self.toString(),
                nodeId,
                store.self().incarnation(),
                view.leader().map(NodeAddress::toString).orElse(null),
                view.term(),
                view.electing(),
                election.elections(),
                peers.deadVerdicts(),
                router.bad(MEMBERSHIP_AND_ELECTION),
                peers.members(scheduler.nowMillis()).stream()
                        .map(MemberViews::row)
                        .toList(),
                null,
                null);
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
}

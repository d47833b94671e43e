package dev.distcounter.node;

import dev.distcounter.node.antientropy.AntiEntropy;
import dev.distcounter.node.handoff.HintStore;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.membership.Heartbeats;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.replication.KeyspaceCoordinator;
import dev.distcounter.node.replication.KeyspaceMeters;
import dev.distcounter.node.replication.ReplicaService;
import dev.distcounter.node.replication.RingView;
import dev.distcounter.node.ring.RingState;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.Transport;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A member's keyspace side, wired once: this node as a replica ({@link ReplicaService}) and as a
 * coordinator of any key ({@link KeyspaceCoordinator}, with hinted handoff and the handover of
 * ranges when the ring changes), anti-entropy with the replicas it shares ranges with, and leaving
 * the ring or removing a member from it ({@link Departures}). All of it works on the ring that
 * {@link RingState} keeps and heartbeats gossip, on the member's scheduler thread.
 */
final class MemberKeyspace {
    final ReplicaService replica;
    final KeyspaceCoordinator coordinator;
    final AntiEntropy antiEntropy;
    final Departures departures;

    /**
     * @param firstRequestId random, so replies meant for an earlier run of this node match nothing
     * @param antiEntropySeed the seed of anti-entropy's own draws
     */
    MemberKeyspace(
            MemberConfig config,
            PeerTable peers,
            RingState ringState,
            Heartbeats heartbeats,
            ReplicaStore replicaStore,
            HintStore hintStore,
            Transport transport,
            Scheduler scheduler,
            long firstRequestId,
            long antiEntropySeed,
            MeterRegistry registry) {
        this.replica = new ReplicaService(config.address(), replicaStore, transport, scheduler, ringState::selfOnRing);
        RingView ring = new RingView(
                config.address(), peers, ringState, config.keyspace().vnodes());
        this.coordinator = new KeyspaceCoordinator(
                config.address(),
                config.keyspace(),
                ring,
                replica,
                hintStore,
                transport,
                scheduler,
                firstRequestId,
                new KeyspaceMeters(registry));
        this.antiEntropy = new AntiEntropy(
                config.address(),
                config.keyspace().antiEntropy(),
                config.keyspace().replicas(),
                ring,
                replicaStore,
                transport,
                scheduler,
                antiEntropySeed,
                registry);
        this.departures = new Departures(ringState, heartbeats, coordinator, scheduler);
    }

    void start() {
        coordinator.start();
        antiEntropy.start();
    }

    void stop() {
        antiEntropy.stop();
        coordinator.stop();
    }
}

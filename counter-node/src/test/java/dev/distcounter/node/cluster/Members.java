package dev.distcounter.node.cluster;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.ClusterMember;
import dev.distcounter.node.MemberConfig;
import dev.distcounter.node.election.ElectionConfig;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.handoff.HintStore;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.membership.MembershipConfig;
import dev.distcounter.node.replication.KeyspaceConfig;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.ChaosSettings;
import dev.distcounter.node.transport.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;

/** Builds and starts {@link ClusterMember}s for cluster tests: no WAL, the default membership rules. */
final class Members {
    private Members() {}

    static MemberConfig config(NodeAddress address, GossipConfig gossip, MembershipConfig membership, long seed) {
        return config(address, gossip, membership, KeyspaceConfig.defaults(), seed);
    }

    static MemberConfig config(
            NodeAddress address, GossipConfig gossip, MembershipConfig membership, KeyspaceConfig keyspace, long seed) {
        return new MemberConfig(
                address,
                gossip,
                membership,
                ElectionConfig.forHeartbeat(address.port(), membership.heartbeat(), membership.heartbeat()),
                ChaosSettings.NONE,
                seed,
                keyspace);
    }

    /** {@code network} must count its frames on {@code registry}, the new member's own. */
    static ClusterMember start(
            MemberConfig config,
            Transport network,
            Scheduler scheduler,
            Random random,
            List<NodeAddress> seeds,
            MeterRegistry registry) {
        CounterStore store = CounterStore.inMemory(config.address().toString(), random.nextLong() & Long.MAX_VALUE);
        return start(config, store, network, scheduler, random, seeds, registry);
    }

    /** As above, on a store of the caller's (one with a WAL, say), which the caller closes. */
    static ClusterMember start(
            MemberConfig config,
            CounterStore store,
            Transport network,
            Scheduler scheduler,
            Random random,
            List<NodeAddress> seeds,
            MeterRegistry registry) {
        return start(
                config,
                store,
                ReplicaStore.inMemory(config.address().toString()),
                network,
                scheduler,
                random,
                seeds,
                registry);
    }

    /** As above, with the keys it holds as a replica on {@code replicas} (one with a log, say), which the caller closes. */
    static ClusterMember start(
            MemberConfig config,
            CounterStore store,
            ReplicaStore replicas,
            Transport network,
            Scheduler scheduler,
            Random random,
            List<NodeAddress> seeds,
            MeterRegistry registry) {
        return start(
                config,
                store,
                replicas,
                HintStore.inMemory(config.keyspace().hints()),
                network,
                scheduler,
                random,
                seeds,
                registry);
    }

    /** As above, with the hints it keeps as a coordinator on {@code hints} (one with a log, say), which the caller closes. */
    static ClusterMember start(
            MemberConfig config,
            CounterStore store,
            ReplicaStore replicas,
            HintStore hints,
            Transport network,
            Scheduler scheduler,
            Random random,
            List<NodeAddress> seeds,
            MeterRegistry registry) {
        ClusterMember member = new ClusterMember(
                config, store, replicas, hints, network, scheduler, new Random(random.nextLong()), registry);
        try {
            member.start(seeds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return member;
    }
}

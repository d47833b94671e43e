package dev.distcounter.node;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.election.ElectionConfig;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.membership.MembershipConfig;
import dev.distcounter.node.replication.KeyspaceConfig;
import dev.distcounter.node.transport.ChaosSettings;

/**
 * Settings of a node's cluster-facing parts (see {@link ClusterMember}).
 *
 * @param address    {@code --addr}: gossip address, also the node's name
 * @param gossip     push and anti-entropy
 * @param membership heartbeats and failure detection
 * @param election   leader election
 * @param chaos      faults injected from the start ({@code --chaos}), {@link ChaosSettings#NONE} without
 * @param chaosSeed  {@code --chaos-seed}: the same seed gives the same fault decisions
 * @param keyspace   replication, quorums and the ring of the key-value store
 */
public record MemberConfig(
        NodeAddress address,
        GossipConfig gossip,
        MembershipConfig membership,
        ElectionConfig election,
        ChaosSettings chaos,
        long chaosSeed,
        KeyspaceConfig keyspace) {

    /** With the keyspace's defaults (N=3, R=2, W=2, 16 virtual nodes). */
    public MemberConfig(
            NodeAddress address,
            GossipConfig gossip,
            MembershipConfig membership,
            ElectionConfig election,
            ChaosSettings chaos,
            long chaosSeed) {
        this(address, gossip, membership, election, chaos, chaosSeed, KeyspaceConfig.defaults());
    }
}

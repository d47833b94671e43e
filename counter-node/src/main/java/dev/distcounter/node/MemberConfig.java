package dev.distcounter.node;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.election.ElectionConfig;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.membership.MembershipConfig;
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
 */
public record MemberConfig(
        NodeAddress address,
        GossipConfig gossip,
        MembershipConfig membership,
        ElectionConfig election,
        ChaosSettings chaos,
        long chaosSeed) {}

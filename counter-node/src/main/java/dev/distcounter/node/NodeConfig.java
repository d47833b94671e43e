package dev.distcounter.node;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.node.http.HttpConfig;
import dev.distcounter.node.storage.StorageConfig;
import dev.distcounter.node.transport.TransportConfig;
import java.util.List;
import java.util.Optional;

/**
 * Everything a node is started with, one record per subsystem, built by the command line.
 *
 * @param member    gossip, membership, election and chaos settings
 * @param discovery {@code --discovery}: the discovery server, or empty ({@code --discovery=none})
 * @param seeds     {@code --seeds}: peers known from the start, to join without a discovery server
 * @param clusterKey {@code --cluster-key-file}: the key frames and discovery requests are signed
 *                   with, or empty to run unauthenticated
 */
public record NodeConfig(
        MemberConfig member,
        Optional<NodeAddress> discovery,
        List<NodeAddress> seeds,
        StorageConfig storage,
        HttpConfig http,
        TransportConfig transport,
        Optional<ClusterKey> clusterKey) {

    public NodeConfig {
        seeds = List.copyOf(seeds);
    }

    /** A node without a cluster key. */
    public NodeConfig(
            MemberConfig member,
            Optional<NodeAddress> discovery,
            List<NodeAddress> seeds,
            StorageConfig storage,
            HttpConfig http,
            TransportConfig transport) {
        this(member, discovery, seeds, storage, http, transport, Optional.empty());
    }

    public NodeAddress address() {
        return member.address();
    }
}

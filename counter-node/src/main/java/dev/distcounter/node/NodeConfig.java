package dev.distcounter.node;

import dev.distcounter.common.NodeAddress;
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
 */
public record NodeConfig(
        MemberConfig member,
        Optional<NodeAddress> discovery,
        List<NodeAddress> seeds,
        StorageConfig storage,
        HttpConfig http,
        TransportConfig transport) {

    public NodeConfig {
        seeds = List.copyOf(seeds);
    }

    public NodeAddress address() {
        return member.address();
    }
}

package dev.distcounter.node;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.http.HttpConfig;
import dev.distcounter.node.membership.PeerConfig;
import dev.distcounter.node.storage.StorageConfig;
import dev.distcounter.node.transport.TransportConfig;
import java.time.Duration;

/**
 * Everything a node is started with, one record per subsystem, built by the command line.
 *
 * @param address     {@code --addr}: gossip address, also the node's name
 * @param discovery   {@code --discovery}: the discovery server
 * @param heartbeat   {@code --heartbeat}: discovery heartbeat and poll interval
 */
public record NodeConfig(
        NodeAddress address,
        NodeAddress discovery,
        Duration heartbeat,
        GossipConfig gossip,
        PeerConfig peers,
        StorageConfig storage,
        HttpConfig http,
        TransportConfig transport) {
}

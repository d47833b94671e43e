package dev.distcounter.node.cluster;

import dev.distcounter.node.gossip.GossipConfig;
import java.time.Duration;

class TcpClusterTest extends ClusterScenarios {

    @Override
    Cluster create(int size, GossipConfig gossip, long seed) {
        return new TcpCluster(size, gossip, seed);
    }

    @Override
    GossipConfig gossip() {
        return new GossipConfig(Duration.ofMillis(300), 2, 8, Duration.ofMillis(2));
    }

    @Override
    Duration patience() {
        return Duration.ofSeconds(30);
    }
}

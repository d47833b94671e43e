package dev.distcounter.node.cluster;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.time.VirtualScheduler;
import dev.distcounter.node.transport.InMemoryNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * N nodes on one {@link VirtualScheduler} and an {@link InMemoryNetwork}: a single-threaded,
 * deterministic cluster. The same seed gives the same run, fault for fault.
 */
final class InMemoryCluster implements Cluster {
    final VirtualScheduler scheduler = new VirtualScheduler(1_000_000);
    final InMemoryNetwork network = new InMemoryNetwork(scheduler, Duration.ofMillis(1));
    final Random random;
    final GossipConfig gossip;
    final List<GossipNode> nodes = new ArrayList<>();
    final List<NodeAddress> addresses = new ArrayList<>();

    InMemoryCluster(int size, GossipConfig gossip, long seed) {
        this.random = new Random(seed);
        this.gossip = gossip;
        for (int i = 0; i < size; i++) {
            addresses.add(new NodeAddress("sim-" + i, 9000 + i));
        }
        for (int i = 0; i < size; i++) {
            nodes.add(startNode(i));
        }
    }

    private GossipNode startNode(int i) {
        NodeAddress self = addresses.get(i);
        GossipNode node = new GossipNode(self, random.nextLong() & Long.MAX_VALUE, gossip, network.endpoint(self),
                scheduler, scheduler, random);
        List<NodeAddress> others = new ArrayList<>(addresses);
        others.remove(self);
        try {
            node.start(others);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return node;
    }

    @Override
    public int size() {
        return nodes.size();
    }

    @Override
    public GossipNode node(int i) {
        return nodes.get(i);
    }

    @Override
    public void add(int i, long delta) {
        nodes.get(i).add(delta);
    }

    @Override
    public void runFor(Duration d) {
        scheduler.runFor(d);
    }

    @Override
    public void restartEmpty(int i) {
        nodes.get(i).close();
        nodes.set(i, startNode(i));
    }

    @Override
    public PNCounter state(int i) {
        return nodes.get(i).store.current();
    }

    @Override
    public long nowMillis() {
        return scheduler.nowMillis();
    }

    @Override
    public void close() {
        nodes.forEach(GossipNode::close);
    }
}

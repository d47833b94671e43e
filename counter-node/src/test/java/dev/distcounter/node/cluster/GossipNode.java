package dev.distcounter.node.cluster;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.gossip.Gossiper;
import dev.distcounter.node.membership.PeerConfig;
import dev.distcounter.node.membership.PeerSource;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.LocalUpdate;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.FaultInjectingTransport;
import dev.distcounter.node.transport.Transport;
import dev.distcounter.node.transport.TransportListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The gossip core of one node (store, peer table, gossiper, fault-injecting transport) without
 * HTTP, WAL or discovery: what cluster tests run many of in one JVM.
 */
final class GossipNode implements AutoCloseable {
    static final PeerConfig PEERS = new PeerConfig(5, Duration.ofMinutes(10));

    final NodeAddress address;
    final CounterStore store;
    final PeerTable peers;
    final FaultInjectingTransport transport;
    final Gossiper gossiper;
    final Scheduler scheduler;

    GossipNode(NodeAddress address, long incarnation, GossipConfig gossip, Transport network, Scheduler scheduler,
               Scheduler faultClock, Random random) {
        this.address = address;
        this.scheduler = scheduler;
        this.store = CounterStore.inMemory(address.toString(), incarnation);
        this.peers = new PeerTable(address, PEERS);
        this.transport = new FaultInjectingTransport(network, faultClock, new Random(random.nextLong()));
        this.gossiper = new Gossiper(address, gossip, store, peers, transport, scheduler, new Random(random.nextLong()));
    }

    void start(List<NodeAddress> knownPeers) throws IOException {
        for (NodeAddress peer : knownPeers) {
            peers.listed(peer, PeerSource.DISCOVERY, scheduler.nowMillis());
        }
        transport.start(new TransportListener() {
            @Override
            public void onFrame(Frame frame) {
                scheduler.execute(() -> gossiper.handle(frame));
            }

            @Override
            public void onSendFailed(NodeAddress to, String reason) {
                peers.sendFailed(to, reason);
            }

            @Override
            public void onConnected(NodeAddress to) {
                peers.connected(to, scheduler.nowMillis());
            }
        });
        gossiper.start();
    }

    /** An increment or decrement here, as the HTTP API does it. */
    LocalUpdate add(long delta) {
        LocalUpdate update = store.add(delta);
        gossiper.localUpdate();
        return update;
    }

    @Override
    public void close() {
        gossiper.stop();
        transport.close();
    }
}

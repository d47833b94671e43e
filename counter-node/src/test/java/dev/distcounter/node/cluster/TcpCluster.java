package dev.distcounter.node.cluster;

import static org.awaitility.Awaitility.await;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.ClusterMember;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.membership.MembershipConfig;
import dev.distcounter.node.time.ExecutorScheduler;
import dev.distcounter.node.transport.TcpTransport;
import dev.distcounter.node.transport.TransportConfig;
import dev.distcounter.testsupport.LoopbackPorts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** N nodes in this JVM, each with its own gossip thread and a real {@link TcpTransport} on loopback. */
final class TcpCluster implements Cluster {
    final GossipConfig gossip;
    final MembershipConfig membership = MembershipConfig.defaults();
    final Random random;
    final List<ClusterMember> nodes = new ArrayList<>();
    final List<ExecutorScheduler> threads = new ArrayList<>();
    final List<NodeAddress> addresses = new ArrayList<>();

    TcpCluster(int size, GossipConfig gossip, long seed) {
        this.gossip = gossip;
        this.random = new Random(seed);
        for (int i = 0; i < size; i++) {
            addresses.add(new NodeAddress("127.0.0.1", LoopbackPorts.next()));
        }
        for (int i = 0; i < size; i++) {
            threads.add(null);
            nodes.add(null);
            startNode(i);
        }
    }

    private void startNode(int i) {
        NodeAddress self = addresses.get(i);
        ExecutorScheduler thread = new ExecutorScheduler("gossip-" + self.port());
        List<NodeAddress> others = new ArrayList<>(addresses);
        others.remove(self);
        MeterRegistry registry = new SimpleMeterRegistry(); // each node its own, as each process would have
        ClusterMember node;
        try {
            node = Members.start(
                    Members.config(self, gossip, membership, random.nextLong()),
                    new TcpTransport(TransportConfig.defaults(self), registry),
                    thread,
                    random,
                    others,
                    registry);
        } catch (RuntimeException e) {
            thread.close();
            throw e;
        }
        threads.set(i, thread);
        nodes.set(i, node);
    }

    @Override
    public int size() {
        return nodes.size();
    }

    @Override
    public ClusterMember node(int i) {
        return nodes.get(i);
    }

    @Override
    public void add(int i, long delta) {
        ClusterMember node = nodes.get(i);
        CompletableFuture<Void> done = new CompletableFuture<>();
        threads.get(i).execute(() -> {
            node.add(delta);
            done.complete(null);
        });
        done.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public void runFor(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void restartEmpty(int i) {
        crash(i);
        // The old listener is closed by now, yet binding its port again at once has failed now and
        // then ("Address already in use", about one run in ten under load), for a reason not found
        // yet; restarts of real processes (e2e) never showed it. Retried, bounded, so the scenario
        // checks what it is about: the restarted node's state.
        await("node " + i + " listening again")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> {
                    startNode(i);
                    return true;
                });
    }

    @Override
    public void crash(int i) {
        nodes.get(i).close();
        threads.get(i).close();
    }

    @Override
    public PNCounter state(int i) {
        return nodes.get(i).state();
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).close();
            threads.get(i).close();
        }
    }
}

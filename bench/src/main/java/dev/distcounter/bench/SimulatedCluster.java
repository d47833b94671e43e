package dev.distcounter.bench;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.ClusterMember;
import dev.distcounter.node.MemberConfig;
import dev.distcounter.node.election.ElectionConfig;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.membership.MemberCap;
import dev.distcounter.node.membership.MembershipConfig;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.time.VirtualScheduler;
import dev.distcounter.node.transport.ChaosSettings;
import dev.distcounter.node.transport.InMemoryNetwork;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * N real {@link ClusterMember}s (in-memory stores, the real gossip code) on one {@link
 * VirtualScheduler} and one {@link InMemoryNetwork} with 1 ms latency: a deterministic cluster
 * in one thread. Every node is given every other node as a seed, so each picks gossip targets
 * uniformly from the whole cluster, as {@code ConvergenceBound} assumes. Membership and the
 * election are set hours apart so that, within the minutes simulated, only gossip runs (see
 * {@link GossipOnlyTransport} for the heartbeats sent at start).
 */
final class SimulatedCluster implements AutoCloseable {
    static final long START_MILLIS = 1_000_000;
    static final int MAX_SIZE = 50_000; // ports 10000.. stay valid
    static final Duration LATENCY = Duration.ofMillis(1);

    /**
     * Heartbeats hourly, suspicion after two silent hours: nobody is suspected during a run; a
     * table large enough for every node.
     */
    static final MembershipConfig MEMBERSHIP_OUT_OF_THE_WAY = new MembershipConfig(
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(3),
            5,
            Duration.ofHours(4),
            new MemberCap(MAX_SIZE));

    private final VirtualScheduler scheduler = new VirtualScheduler(START_MILLIS);
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler, LATENCY);
    private final List<ClusterMember> members = new ArrayList<>();
    private final List<GossipOnlyTransport> transports = new ArrayList<>();

    SimulatedCluster(int size, GossipConfig gossip, long seed) {
        if (size < 2 || size > MAX_SIZE) {
            throw new IllegalArgumentException("cluster size must be within 2.." + MAX_SIZE + ", not " + size);
        }
        Random random = new Random(seed);
        List<NodeAddress> addresses = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            addresses.add(new NodeAddress("sim-" + i, 10_000 + i));
        }
        for (int i = 0; i < size; i++) {
            NodeAddress self = addresses.get(i);
            MemberConfig config = new MemberConfig(
                    self,
                    gossip,
                    MEMBERSHIP_OUT_OF_THE_WAY,
                    new ElectionConfig(i, Duration.ofHours(5), Duration.ofSeconds(1), Duration.ofSeconds(2)),
                    ChaosSettings.NONE,
                    random.nextLong());
            // Each member its own registry, as each process would have: members never share counters.
            MeterRegistry registry = new SimpleMeterRegistry();
            GossipOnlyTransport transport = new GossipOnlyTransport(network.endpoint(self, registry));
            CounterStore store = CounterStore.inMemory(self.toString(), random.nextLong() & Long.MAX_VALUE);
            ClusterMember member =
                    new ClusterMember(config, store, transport, scheduler, new Random(random.nextLong()), registry);
            try {
                // The whole list, self included: the membership table ignores its own address.
                member.start(addresses);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            members.add(member);
            transports.add(transport);
        }
    }

    int size() {
        return members.size();
    }

    ClusterMember member(int i) {
        return members.get(i);
    }

    long nowMillis() {
        return scheduler.nowMillis();
    }

    void runFor(Duration d) {
        scheduler.runFor(d);
    }

    long pullsSent() {
        return transports.stream().mapToLong(GossipOnlyTransport::pullsSent).sum();
    }

    long pushesSent() {
        return transports.stream().mapToLong(GossipOnlyTransport::pushesSent).sum();
    }

    long membershipFramesWithheld() {
        return transports.stream().mapToLong(GossipOnlyTransport::withheld).sum();
    }

    @Override
    public void close() {
        members.forEach(ClusterMember::close);
    }
}

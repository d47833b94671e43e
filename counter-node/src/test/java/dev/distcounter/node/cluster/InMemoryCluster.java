package dev.distcounter.node.cluster;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.Keyring;
import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.node.ClusterMember;
import dev.distcounter.node.MemberConfig;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.handoff.HintStore;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.membership.MembershipConfig;
import dev.distcounter.node.replication.KeyspaceConfig;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.time.VirtualScheduler;
import dev.distcounter.node.transport.InMemoryNetwork;
import dev.distcounter.node.transport.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
    final MembershipConfig membership;
    /** The keyspace settings of every node started from now on (restarts included). */
    KeyspaceConfig keyspace;

    final List<ClusterMember> nodes = new ArrayList<>();
    final List<NodeAddress> addresses = new ArrayList<>();
    /** Each node's keyring, as /admin/keys would change it; the same index as {@link #nodes}. */
    final List<LiveKeyring> keyrings = new ArrayList<>();
    /** Each node's meters, the same index as {@link #nodes}: the registry of its latest start. */
    final List<MeterRegistry> registries = new ArrayList<>();
    /** What a (re)started node's keyring starts from: its key file. */
    Keyring startingKeys = Keyring.NONE;

    InMemoryCluster(int size, GossipConfig gossip, long seed) {
        this(size, gossip, MembershipConfig.defaults(), seed);
    }

    InMemoryCluster(int size, GossipConfig gossip, MembershipConfig membership, long seed) {
        this(size, gossip, membership, KeyspaceConfig.defaults(), seed, Keyring.NONE);
    }

    /** Every node with {@code keyspace}'s settings (say, a sloppy quorum). */
    InMemoryCluster(int size, GossipConfig gossip, KeyspaceConfig keyspace, long seed) {
        this(size, gossip, MembershipConfig.defaults(), keyspace, seed, Keyring.NONE);
    }

    /** Every node starts with {@code keys}, as with {@code --cluster-key-file}. */
    InMemoryCluster(int size, GossipConfig gossip, long seed, Keyring keys) {
        this(size, gossip, MembershipConfig.defaults(), KeyspaceConfig.defaults(), seed, keys);
    }

    private InMemoryCluster(
            int size,
            GossipConfig gossip,
            MembershipConfig membership,
            KeyspaceConfig keyspace,
            long seed,
            Keyring keys) {
        this.random = new Random(seed);
        this.gossip = gossip;
        this.membership = membership;
        this.keyspace = keyspace;
        this.startingKeys = keys;
        for (int i = 0; i < size; i++) {
            addresses.add(new NodeAddress("sim-" + i, 9000 + i));
        }
        for (int i = 0; i < size; i++) {
            nodes.add(startNode(i));
        }
    }

    private ClusterMember startNode(int i) {
        return startNode(i, null);
    }

    /** Node {@code i}, knowing every other; on {@code store}, or on a new in-memory one when null. */
    private ClusterMember startNode(int i, CounterStore store) {
        NodeAddress self = addresses.get(i);
        List<NodeAddress> others = new ArrayList<>(addresses);
        others.remove(self);
        return startNode(self, others, store);
    }

    /**
     * Each node, and each restart of one, has a registry of its own: nodes never share counters.
     * Its keyring starts from {@link #startingKeys}, as a restarted process starts from its key file.
     */
    private ClusterMember startNode(NodeAddress self, List<NodeAddress> seeds, CounterStore store) {
        MeterRegistry registry = new SimpleMeterRegistry();
        LiveKeyring keyring = new LiveKeyring(self.toString(), startingKeys);
        int index = addresses.indexOf(self);
        if (index < keyrings.size()) {
            keyrings.set(index, keyring);
            registries.set(index, registry);
        } else {
            keyrings.add(keyring);
            registries.add(registry);
        }
        MemberConfig config = Members.config(self, gossip, membership, keyspace, random.nextLong());
        Transport endpoint = network.endpoint(self, registry, keyring);
        return store == null
                ? Members.start(config, endpoint, scheduler, random, seeds, registry)
                : Members.start(config, store, endpoint, scheduler, random, seeds, registry);
    }

    /** Node {@code i}'s keyring, to change as {@code /admin/keys} would. */
    LiveKeyring keyring(int i) {
        return keyrings.get(i);
    }

    /** Adds a node that knows only {@code seeds} (by index): a join without a discovery server. */
    int join(List<Integer> seeds) {
        int i = nodes.size();
        NodeAddress self = new NodeAddress("sim-" + i, 9000 + i);
        addresses.add(self);
        nodes.add(startNode(self, seeds.stream().map(addresses::get).toList(), null));
        return i;
    }

    /**
     * A transport on the cluster's network for {@code address}, which is no member: a stranger
     * that sends whatever frames a test makes up (and ignores what it receives).
     */
    Transport stranger(NodeAddress address) {
        Transport endpoint = network.endpoint(address, new SimpleMeterRegistry());
        try {
            endpoint.start(frame -> {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return endpoint;
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

    /**
     * Replaces node {@code i} with a process on {@code store} (say, one that reopened the node's
     * WAL): same address, the store's state and incarnation. The caller closes the store.
     */
    void restartWith(int i, CounterStore store) {
        nodes.get(i).close();
        nodes.set(i, startNode(i, store));
    }

    /**
     * Replaces node {@code i} with a process whose keys are on {@code replicas} (say, a store that
     * reopened the node's replica log): same address, fresh counter. The caller closes the store.
     */
    void restartWith(int i, ReplicaStore replicas) {
        restartWith(i, replicas, null);
    }

    /**
     * As {@link #restartWith(int, ReplicaStore)}, the hints it keeps as a coordinator on
     * {@code hints} (say, a store that reopened the node's hint log; null: new, in memory). The
     * caller closes the stores.
     */
    void restartWith(int i, ReplicaStore replicas, HintStore hints) {
        nodes.get(i).close();
        NodeAddress self = addresses.get(i);
        List<NodeAddress> others = new ArrayList<>(addresses);
        others.remove(self);
        MeterRegistry registry = new SimpleMeterRegistry();
        LiveKeyring keyring = new LiveKeyring(self.toString(), startingKeys);
        keyrings.set(i, keyring);
        registries.set(i, registry);
        MemberConfig config = Members.config(self, gossip, membership, keyspace, random.nextLong());
        CounterStore store = CounterStore.inMemory(self.toString(), random.nextLong() & Long.MAX_VALUE);
        nodes.set(
                i,
                Members.start(
                        config,
                        store,
                        replicas,
                        hints == null ? HintStore.inMemory(config.keyspace().hints()) : hints,
                        network.endpoint(self, registry, keyring),
                        scheduler,
                        random,
                        others,
                        registry));
    }

    @Override
    public void crash(int i) {
        nodes.get(i).close();
    }

    @Override
    public PNCounter state(int i) {
        return nodes.get(i).state();
    }

    @Override
    public long nowMillis() {
        return scheduler.nowMillis();
    }

    @Override
    public void close() {
        nodes.forEach(ClusterMember::close);
    }
}

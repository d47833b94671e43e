package dev.distcounter.node.http;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.Keyring;
import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.replication.HandoverReport;
import dev.distcounter.node.ring.RingState;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.LocalUpdate;
import dev.distcounter.node.transport.ChaosSettings;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A node whose durability outcome, health and membership the test decides. */
class FakeNode implements CounterOperations {
    static final ClusterKey KEY = ClusterKey.of(new byte[ClusterKey.BYTES]);

    final CounterStore store = CounterStore.inMemory("localhost:9001", 1);
    volatile Function<LocalUpdate, CompletableFuture<?>> durability = u -> CompletableFuture.completedFuture(null);
    volatile ChaosSettings chaos = ChaosSettings.NONE;
    volatile String walFailure;
    /** Keyed with {@link #KEY}; a test may put an unkeyed one in its place. */
    volatile LiveKeyring keyring = new LiveKeyring("localhost:9001", Keyring.of(KEY));
    /** What {@link #leave} answers with, once the test completes it. */
    final CompletableFuture<HandoverReport> leaving = new CompletableFuture<>();
    /** The members {@link #remove} knows, besides this node; what it removed goes away. */
    final Set<NodeAddress> ringMembers = ConcurrentHashMap.newKeySet();
    /** What {@link #awaitVersion} handed out, oldest first. */
    final List<CompletableFuture<PNCounter>> versionWaits = new CopyOnWriteArrayList<>();

    @Override
    public NodeAddress address() {
        return NodeAddress.parse("localhost:9001");
    }

    @Override
    public CompletableFuture<HandoverReport> leave() {
        return leaving;
    }

    @Override
    public RingState.Removal remove(NodeAddress member) {
        if (member.equals(address())) {
            return RingState.Removal.SELF;
        }
        return ringMembers.remove(member) ? RingState.Removal.REMOVED : RingState.Removal.UNKNOWN;
    }

    @Override
    public LocalUpdate add(long delta) {
        LocalUpdate u = store.add(delta);
        return new LocalUpdate(u.state(), durability.apply(u));
    }

    @Override
    public PNCounter current() {
        return store.current();
    }

    @Override
    public CompletableFuture<PNCounter> awaitVersion(long version) {
        CompletableFuture<PNCounter> wait = store.awaitVersion(version);
        versionWaits.add(wait);
        return wait;
    }

    @Override
    public List<NodeAddress> peers() {
        return List.of(NodeAddress.parse("localhost:9002"), NodeAddress.parse("localhost:9003"));
    }

    @Override
    public HealthView health() {
        PNCounter state = store.current();
        return new HealthView(
                walFailure == null ? "ok" : "failing",
                walFailure,
                "localhost:9001",
                "localhost:9001#1",
                state.value(),
                state.version(),
                2,
                "localhost:9003",
                4,
                "off",
                "off",
                7,
                null,
                new HealthView.GossipCounts(1, 2, 3, 4, 5, 6),
                new HealthView.TransportCounts(7, 8, 9, 10));
    }

    @Override
    public ClusterView cluster() {
        return new ClusterView(
                "localhost:9001",
                9001,
                1,
                "localhost:9003",
                4,
                false,
                1,
                0,
                0,
                List.of(new ClusterView.MemberRow(
                        "localhost:9002", "alive", 9002, 5, 12, 3000, 0, List.of("seed", "discovery"))),
                null,
                null);
    }

    /** The settings as they are, and made-up counts: 1 frame blocked, 2 dropped, 3 delayed. */
    @Override
    public ChaosView chaos() {
        ChaosSettings settings = chaos;
        return new ChaosView(
                settings.drop(),
                ChaosSettings.formatDelay(settings.minDelay(), settings.maxDelay()),
                settings.blocked().stream().map(NodeAddress::toString).toList(),
                1,
                2,
                3);
    }

    @Override
    public ChaosSettings chaosSettings() {
        return chaos;
    }

    @Override
    public void applyChaos(ChaosSettings settings) {
        chaos = settings;
    }

    @Override
    public LiveKeyring keyring() {
        return keyring;
    }
}

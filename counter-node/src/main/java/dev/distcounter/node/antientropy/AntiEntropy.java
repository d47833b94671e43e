package dev.distcounter.node.antientropy;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.replication.ReplicaMessages;
import dev.distcounter.node.replication.RingView;
import dev.distcounter.node.replication.WriteRequest;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.time.TokenBucket;
import dev.distcounter.node.transport.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Anti-entropy for this replica (docs/protocol.md, "Anti-entropy"): every interval it opens an
 * exchange with each live member it shares ranges with and whose name is greater than its own (one
 * exchange per pair: values move both ways in it). Roots of the shared ranges go out
 * (AE_ROOTS); the peer answers with the leaves of those that differ (AE_LEAVES); the digests of
 * the differing leaves go back (AE_DIGESTS); the peer then pushes what it holds newer or alone as
 * ordinary KV_WRITEs and asks for the rest (AE_WANT), which this side pushes the same way. A
 * replica keeps only what is newer, so values only ever move forward.
 *
 * <p>The trees follow the store ({@link StoreTrees}), never rescanned but at start. At most
 * {@code rate} keys a second (and one tick's worth saved up) leave as pushes; pending pushes are
 * bounded ({@link PendingPushes}), a new exchange opens only while they have room, every payload
 * stays under {@link AntiEntropyMessages#PAYLOAD_BUDGET}, and what one inbound frame can make this
 * node send is bounded. Tombstones go by {@link TombstoneCollector}'s rule ({@link TombstonePurging}).
 *
 * Scheduler thread only, but for {@link #start}, {@link #stop} and {@link #view}.
 */
public final class AntiEntropy {
    static final Duration TICK = Duration.ofMillis(100);
    /** Digest payloads one AE_LEAVES may make this node send, at most; the rest wait for the next exchange. */
    static final int MAX_DIGEST_FRAMES_PER_LEAVES = 8;

    private final NodeAddress self;
    private final String selfName;
    private final AntiEntropyConfig config;
    private final RingView ring;
    private final ReplicaStore store;
    private final Transport transport;
    private final Scheduler scheduler;
    private final AntiEntropyMeters meters;
    private final PendingPushes pushes;
    private final TombstoneCollector tombstones;
    private final TombstonePurging purging;
    private final StoreTrees followed;
    private final Map<String, int[]> syncByPeer = new ConcurrentHashMap<>(); // {in sync, out of sync}
    private TokenBucket bucket;
    private KeyspaceTrees trees;
    private long nextExchangeAt;
    private long nextId;
    private volatile long lastExchangeMillis = -1;
    private volatile Scheduler.Cancellable task;

    public AntiEntropy(
            NodeAddress self,
            AntiEntropyConfig config,
            int replicas,
            RingView ring,
            ReplicaStore store,
            Transport transport,
            Scheduler scheduler,
            long firstId,
            MeterRegistry registry) {
        this.self = self;
        this.selfName = self.toString();
        this.config = config;
        this.ring = ring;
        this.store = store;
        this.transport = transport;
        this.scheduler = scheduler;
        this.nextId = firstId;
        this.meters = new AntiEntropyMeters(registry);
        this.pushes = new PendingPushes(Math.max(1000, 10 * config.rate()));
        this.tombstones = new TombstoneCollector(selfName, config.tombstoneGrace());
        this.purging = new TombstonePurging(selfName, store, tombstones, meters);
        this.followed = new StoreTrees(store, ring, replicas, tombstones);
    }

    /** Starts following the store and exchanging; nothing when turned off. */
    public void start() {
        if (!config.enabled()) {
            return;
        }
        followed.follow(); // the one scan, on this (starting) thread; task's volatile write publishes it
        bucket = new TokenBucket(
                config.rate(), Math.max(1.0, config.rate() * TICK.toMillis() / 1000.0), scheduler.nowMillis());
        task = scheduler.scheduleAtFixedRate(TICK, TICK, this::tick);
    }

    public void stop() {
        Scheduler.Cancellable running = task;
        task = null;
        if (running != null) {
            running.cancel();
        }
        followed.unfollow();
    }

    /** What {@code /cluster} shows; safe from any thread. */
    public AntiEntropyView view() {
        int inSync = syncByPeer.values().stream().mapToInt(c -> c[0]).sum();
        int outOfSync = syncByPeer.values().stream().mapToInt(c -> c[1]).sum();
        return new AntiEntropyView(
                config.enabled(),
                lastExchangeMillis,
                meters.keysPushed(),
                meters.keysPulled(),
                inSync,
                outOfSync,
                meters.tombstonesDropped());
    }

    void tick() {
        if (!catchUp()) {
            return;
        }
        long now = scheduler.nowMillis();
        if (now >= nextExchangeAt && pushes.roomy()) {
            nextExchangeAt = now + config.interval().toMillis();
            openExchanges(now);
        }
        sendPushes(now);
        purging.purgeReady(trees, now, this::send);
    }

    /** Brings the trees up to date; false when anti-entropy is not running (off, or stopped). */
    private boolean catchUp() {
        if (task == null) {
            return false;
        }
        trees = followed.current();
        return true;
    }

    private void openExchanges(long now) {
        for (String peer : followed.ring().members()) {
            // One exchange per pair, opened by the smaller name: both sides push and ask in it.
            if (selfName.compareTo(peer) >= 0 || !ring.believedUp(peer)) {
                continue;
            }
            List<RangeRoots.Root> roots = new ArrayList<>();
            for (RangeTree tree : trees.trees()) {
                if (tree.range().sharedBy(selfName, peer)) {
                    roots.add(new RangeRoots.Root(
                            tree.range().start(), tree.range().end(), tree.root()));
                }
            }
            long id = nextId++;
            for (List<RangeRoots.Root> chunk : Chunks.bySize(roots, AntiEntropyMessages.MAX_RANGES)) {
                send(peer, MessageType.AE_ROOTS, AntiEntropyMessages.encode(new RangeRoots(id, chunk)));
            }
            if (!roots.isEmpty()) {
                meters.exchange();
                lastExchangeMillis = now;
                syncByPeer.put(peer, new int[] {roots.size(), 0}); // in sync until the peer names a range
            }
        }
    }

    /** A peer opened an exchange: answer with the leaves of the shared ranges whose roots differ. */
    public void onRoots(NodeAddress from, RangeRoots message) {
        if (!catchUp()) {
            return;
        }
        String peer = from.toString();
        long now = scheduler.nowMillis();
        List<RangeLeaves.Leaves> differing = new ArrayList<>();
        int inSync = 0;
        for (RangeRoots.Root root : message.roots()) {
            RangeTree tree = shared(root.start(), root.end(), peer);
            if (tree == null) {
                continue;
            }
            if (tree.root() == root.root()) {
                inSync++;
                // Equal roots: the peer holds every entry this range holds here, these tombstones too.
                for (RangeTree.Entry e : tree.tombstones()) {
                    tombstones.seen(e.key(), e.version(), peer, tree.range().replicas(), now);
                }
            } else {
                differing.add(new RangeLeaves.Leaves(
                        tree.range().start(), tree.range().end(), tree.leafHashes()));
            }
        }
        if (inSync + differing.size() > 0) { // a stranger shares nothing, and is not recorded
            syncByPeer.put(peer, new int[] {inSync, differing.size()});
            lastExchangeMillis = now;
        }
        meters.differing(differing.size());
        int perFrame = AntiEntropyMessages.PAYLOAD_BUDGET / AntiEntropyMessages.leavesSize();
        for (List<RangeLeaves.Leaves> chunk : Chunks.bySize(differing, perFrame)) {
            send(peer, MessageType.AE_LEAVES, AntiEntropyMessages.encode(new RangeLeaves(message.exchangeId(), chunk)));
        }
    }

    /** The peer's leaves of ranges that differ: send the digests of the leaves that differ. */
    public void onLeaves(NodeAddress from, RangeLeaves message) {
        if (!catchUp()) {
            return;
        }
        String peer = from.toString();
        List<LeafParts.Differing> differing = new ArrayList<>();
        for (RangeLeaves.Leaves leaves : message.ranges()) {
            RangeTree tree = shared(leaves.start(), leaves.end(), peer);
            if (tree != null) {
                syncByPeer.computeIfPresent(peer, (p, c) -> new int[] {Math.max(0, c[0] - 1), c[1] + 1});
                differing.add(new LeafParts.Differing(tree, leaves.hashes()));
            }
        }
        for (LeafDigests digests : LeafParts.digests(message.exchangeId(), differing, MAX_DIGEST_FRAMES_PER_LEAVES)) {
            send(peer, MessageType.AE_DIGESTS, AntiEntropyMessages.encode(digests));
        }
    }

    /** The peer's digests: push what this side holds newer or alone, ask for the rest. */
    public void onDigests(NodeAddress from, LeafDigests message) {
        if (!catchUp()) {
            return;
        }
        String peer = from.toString();
        long now = scheduler.nowMillis();
        List<String> wanted = new ArrayList<>();
        for (LeafDigests.Part part : message.parts()) {
            RangeTree tree = shared(part.start(), part.end(), peer);
            if (tree == null) {
                continue;
            }
            DigestComparison comparison = DigestComparison.of(tree, part);
            comparison.push().forEach(key -> pushes.add(peer, key));
            wanted.addAll(comparison.want());
            comparison
                    .tombstones()
                    .forEach((key, version) ->
                            tombstones.seen(key, version, peer, tree.range().replicas(), now));
        }
        meters.pulled(wanted.size());
        for (List<String> chunk : Chunks.ofKeys(wanted)) {
            send(peer, MessageType.AE_WANT, AntiEntropyMessages.encode(new WantedKeys(message.exchangeId(), chunk)));
        }
    }

    /** The peer asks for keys: queue them (rate-limited) if this side holds them and shares their range. */
    public void onWant(NodeAddress from, WantedKeys message) {
        if (!catchUp()) {
            return;
        }
        String peer = from.toString();
        for (String key : message.keys()) {
            if (store.get(key) != null
                    && trees.treeOf(HashRing.hash(key)).range().sharedBy(selfName, peer)) {
                pushes.add(peer, key);
            }
        }
    }

    /** A replica saw every replica hold these tombstones: drop each held exactly, past the grace here too. */
    public void onPurge(NodeAddress from, TombstonePurges message) {
        if (catchUp()) {
            purging.onPurge(from.toString(), message, trees, scheduler.nowMillis());
        }
    }

    private void sendPushes(long now) {
        while (pushes.size() > 0 && bucket.tryTake(now)) {
            PendingPushes.Push push = pushes.next();
            Versioned held = store.get(push.key());
            if (held != null) {
                WriteRequest write = new WriteRequest(nextId++, push.key(), held);
                send(push.peer(), MessageType.KV_WRITE, ReplicaMessages.encode(write));
                meters.pushed();
            }
        }
    }

    /** The tree of exactly this range if it is shared with {@code peer} on this node's ring; else null. */
    private RangeTree shared(long start, long end, String peer) {
        RangeTree tree = trees.tree(start, end);
        return tree != null && tree.range().sharedBy(selfName, peer) ? tree : null;
    }

    private void send(String peer, MessageType type, byte[] payload) {
        transport.send(NodeAddress.parse(peer), new Frame(type, self, payload));
    }
}

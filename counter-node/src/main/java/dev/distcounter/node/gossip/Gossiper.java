package dev.distcounter.node.gossip;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.crdt.CounterCodec;
import dev.distcounter.node.crdt.CounterEntry;
import dev.distcounter.node.crdt.CounterOverflowException;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.crdt.ReplicaCap;
import dev.distcounter.node.crdt.ReplicaId;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads the counter state: PUSH soon after local updates, PULL anti-entropy every sync
 * interval. All of it runs on the node's {@link Scheduler} thread; only {@link #localUpdate()}
 * is called from other threads, and what it counted is read from any ({@link GossipMeters}).
 *
 * <ul>
 *   <li><b>Push.</b> A local update asks for a push; the push runs at once if the last one was
 *       at least {@code pushInterval} ago, otherwise then. It sends the whole current state to
 *       up to {@code pushFanout} live peers, so a burst of increments becomes one PUSH per
 *       peer per interval.</li>
 *   <li><b>Anti-entropy.</b> Every {@code syncInterval} the node sends PULL with its state to up
 *       to {@code maxPeers} random live peers (and probes one dead peer). The peer
 *       merges it and answers PUSH if it knows something the sender did not.</li>
 *   <li><b>Passing news on.</b> A node that learns something its peers may not have pushes it
 *       on at once (coalesced like a local update): news that came with a PULL (some push of
 *       it was lost), news about a third node's entries (it reached this node second-hand,
 *       for instance across a healed partition), and any news at all when the cluster is larger
 *       than the push fanout (so it spreads as an epidemic). A PUSH of the sender's own
 *       increments in a small cluster is not passed on: the sender pushed it to everyone.</li>
 *   <li><b>States larger than a frame.</b> A state is sent as consecutive parts, each within the
 *       frame payload limit and each a valid state of its own ({@link CounterCodec#encodeParts}),
 *       in frames of the same type: a peer merges each part as it comes. A PULL is answered once
 *       the parts queued with it are in, against everything they showed together, so a PULL in k
 *       parts gets one answer (in parts), not k.</li>
 *   <li><b>A cap on replicas.</b> New entries beyond {@code --max-replicas} are refused,
 *       frame by frame ({@link ReplicaCap}), counted in {@code gossip.entries.refused}, with one
 *       WARN line per episode; the rest of the frame is merged.</li>
 * </ul>
 *
 * <p>Guarantees: docs/guarantees.md §4, §5, §8 and §9.
 */
public final class Gossiper {
    private static final Logger log = LoggerFactory.getLogger(Gossiper.class);
    /** Refusals this far apart are separate episodes, each with a WARN line. */
    private static final Duration QUIET_BETWEEN_WARNINGS = Duration.ofMinutes(1);

    private final NodeAddress self;
    private final GossipConfig config;
    private final CounterStore store;
    private final PeerTable peers;
    private final Transport transport;
    private final Scheduler scheduler;
    private final Random random;
    private final GossipMeters meters;
    private final ReplicaCap cap;
    private final Episodes capEpisodes = new Episodes(QUIET_BETWEEN_WARNINGS);
    /** What each peer whose PULL is not answered yet showed in its parts so far; scheduler thread only. */
    private final Map<NodeAddress, Map<ReplicaId, CounterEntry>> pulled = new HashMap<>();

    private final AtomicBoolean pushRequested = new AtomicBoolean();
    private volatile Scheduler.Cancellable ticker; // set by start(), cancelled by stop(), maybe on other threads
    private long lastPushAt = Long.MIN_VALUE / 2; // scheduler thread only

    public Gossiper(
            NodeAddress self,
            GossipConfig config,
            CounterStore store,
            PeerTable peers,
            Transport transport,
            Scheduler scheduler,
            Random random,
            MeterRegistry registry) {
        this.self = self;
        this.config = config;
        this.store = store;
        this.peers = peers;
        this.transport = transport;
        this.scheduler = scheduler;
        this.random = random;
        this.meters = new GossipMeters(registry);
        this.cap = new ReplicaCap(config.maxReplicas());
    }

    public void start() {
        int held = store.current().entries().size();
        if (held > cap.maxEntries()) {
            log.warn(
                    "{}: the state holds {} replica entries, more than --max-replicas {}: every one is kept"
                            + " (dropping one could lose acknowledged operations), and peers' new entries are refused",
                    self,
                    held,
                    cap.maxEntries());
        }
        ticker = scheduler.scheduleAtFixedRate(config.syncInterval(), config.syncInterval(), this::antiEntropyRound);
    }

    public void stop() {
        if (ticker != null) {
            ticker.cancel();
        }
    }

    /** The local state changed: push it soon. Safe from any thread; cheap when a push is already due. */
    public void localUpdate() {
        if (pushRequested.compareAndSet(false, true)) {
            scheduler.execute(this::schedulePush);
        }
    }

    private void schedulePush() {
        long wait = lastPushAt + config.pushInterval().toMillis() - scheduler.nowMillis();
        if (wait <= 0) {
            push();
        } else {
            scheduler.schedule(Duration.ofMillis(wait), this::push);
        }
    }

    private void push() {
        // Cleared before the state is read: an update after this point asks for another push.
        pushRequested.set(false);
        lastPushAt = scheduler.nowMillis();
        List<NodeAddress> targets = peers.randomLive(config.pushFanout(), random);
        if (!targets.isEmpty()) {
            meters.pushed();
            send(targets, MessageType.PUSH, store.current());
        }
    }

    /** One anti-entropy round (public so simulations can count rounds). */
    public void antiEntropyRound() {
        meters.roundRun();
        PNCounter state = store.current();
        send(peers.randomLive(config.maxPeers(), random), MessageType.PULL, state);
        send(peers.randomDead(random), MessageType.PULL, state);
    }

    /** Sends {@code state} to every target, in as many frames as it takes (see the class comment). */
    private void send(List<NodeAddress> targets, MessageType type, PNCounter state) {
        if (targets.isEmpty()) {
            return;
        }
        for (byte[] part : CounterCodec.encodeParts(state, config.maxStateBytes())) {
            Frame frame = new Frame(type, self, part);
            for (NodeAddress to : targets) {
                transport.send(to, frame);
            }
        }
    }

    /**
     * Handles a decoded PULL or PUSH (its sender's contact is already recorded); call on the
     * scheduler thread. New entries beyond the replica cap are left out (the rest is merged); a
     * state that would overflow the counter is refused whole: one WARN line, and counted in
     * {@code gossip.merges.refused}.
     *
     * @param afterQueued runs the answer to a PULL on the scheduler thread, after the frames
     *                    already queued (the rest of the PULL's parts); the caller's failure
     *                    boundary goes around it
     */
    public void handle(GossipMessage message, Executor afterQueued) {
        ReplicaCap.Admitted admitted = cap.admit(store.current(), message.state(), members());
        PNCounter learned;
        try {
            learned = store.merge(admitted.entries());
        } catch (CounterOverflowException e) {
            meters.mergeRefused();
            log.warn("{}: ignoring {} from {}: {}", self, message.type(), message.sender(), e.getMessage());
            return;
        } finally {
            if (admitted.refused() > 0) {
                refusedByCap(message, admitted.refused());
            }
        }
        if (!learned.isEmpty()) {
            meters.merged();
            if (worthPassingOn(message, learned)) {
                localUpdate();
            }
        }
        if (message.type() == MessageType.PULL) {
            answerLater(message, afterQueued);
        }
    }

    /**
     * Whether a replica's node is this node or one in its membership table, read once per frame
     * and only if the cap needs to choose.
     */
    private Predicate<ReplicaId> members() {
        return new Predicate<>() {
            private Set<String> names;

            @Override
            public boolean test(ReplicaId replica) {
                if (names == null) {
                    names = new HashSet<>();
                    names.add(self.toString());
                    peers.members(scheduler.nowMillis())
                            .forEach(m -> names.add(m.address().toString()));
                }
                return names.contains(replica.node());
            }
        };
    }

    private void refusedByCap(GossipMessage message, int refused) {
        meters.entriesRefused(refused);
        if (capEpisodes.opens(scheduler.nowMillis())) {
            log.warn(
                    "{}: refusing {} new replica entries from {}: this node holds {} and --max-replicas is {} (new"
                            + " entries of nodes that are not members stop at {}); counted in gossip.entries.refused,"
                            + " warned again after {} s without a refusal; a cluster with that many replicas needs a"
                            + " larger --max-replicas on every node",
                    self,
                    refused,
                    message.sender(),
                    store.current().entries().size(),
                    cap.maxEntries(),
                    cap.strangerLimit(),
                    QUIET_BETWEEN_WARNINGS.toSeconds());
        }
    }

    /**
     * Notes what a PULL (or one part of it) showed and answers it once the parts queued with it are
     * in: a PUSH of this node's state if it knows something they did not show.
     */
    private void answerLater(GossipMessage pull, Executor afterQueued) {
        NodeAddress puller = pull.sender();
        Map<ReplicaId, CounterEntry> shown = pulled.get(puller);
        if (shown == null) {
            shown = new HashMap<>();
            pulled.put(puller, shown);
            afterQueued.execute(() -> answer(puller));
        }
        Map<ReplicaId, CounterEntry> seen = shown;
        pull.state().entries().forEach((replica, entry) -> seen.merge(replica, entry, CounterEntry::max));
    }

    private void answer(NodeAddress puller) {
        Map<ReplicaId, CounterEntry> shown = pulled.remove(puller);
        PNCounter ours = store.current();
        boolean knowsMore = ours.entries().entrySet().stream()
                .anyMatch(
                        e -> !shown.getOrDefault(e.getKey(), CounterEntry.ZERO).covers(e.getValue()));
        if (knowsMore) {
            meters.replied();
            send(List.of(puller), MessageType.PUSH, ours);
        }
    }

    /** See "Passing news on" in the class comment. */
    private boolean worthPassingOn(GossipMessage message, PNCounter learned) {
        if (message.type() == MessageType.PULL || peers.liveCount() > config.pushFanout()) {
            return true;
        }
        String sender = message.sender().toString();
        return learned.entries().keySet().stream()
                .anyMatch(replica -> !replica.node().equals(sender));
    }

    /** What gossip did so far; thread-safe. */
    public GossipMeters meters() {
        return meters;
    }
}

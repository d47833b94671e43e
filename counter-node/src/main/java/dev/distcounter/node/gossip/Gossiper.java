package dev.distcounter.node.gossip;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.crdt.CounterCodec;
import dev.distcounter.node.crdt.CounterOverflowException;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * </ul>
 *
 * <p>Guarantees: docs/guarantees.md §4.
 */
public final class Gossiper {
    private static final Logger log = LoggerFactory.getLogger(Gossiper.class);

    private final NodeAddress self;
    private final GossipConfig config;
    private final CounterStore store;
    private final PeerTable peers;
    private final Transport transport;
    private final Scheduler scheduler;
    private final Random random;
    private final GossipMeters meters;
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
    }

    public void start() {
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

    private void send(List<NodeAddress> targets, MessageType type, PNCounter state) {
        if (targets.isEmpty()) {
            return;
        }
        Frame frame = new Frame(type, self, CounterCodec.encode(state));
        for (NodeAddress to : targets) {
            transport.send(to, frame);
        }
    }

    /**
     * Handles a decoded PULL or PUSH (its sender's contact is already recorded); call on the
     * scheduler thread. A state that would overflow the counter is refused: one WARN line, and
     * counted in {@code gossip.merges.refused}.
     */
    public void handle(GossipMessage message) {
        PNCounter learned;
        try {
            learned = store.merge(message.state());
        } catch (CounterOverflowException e) {
            meters.mergeRefused();
            log.warn("{}: ignoring {} from {}: {}", self, message.type(), message.sender(), e.getMessage());
            return;
        }
        if (!learned.isEmpty()) {
            meters.merged();
            if (worthPassingOn(message, learned)) {
                localUpdate();
            }
        }
        if (message.type() == MessageType.PULL) {
            PNCounter ours = store.current();
            if (!message.state().dominates(ours)) {
                meters.replied();
                transport.send(message.sender(), new Frame(MessageType.PUSH, self, CounterCodec.encode(ours)));
            }
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

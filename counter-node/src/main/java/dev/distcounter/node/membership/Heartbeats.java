package dev.distcounter.node.membership;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.ring.RingState;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Heartbeats between nodes and the failure detector's clock. Every heartbeat period the node
 * sends HEARTBEAT to every live peer (and probes one dead one); every {@link #TICK} it applies
 * the timeout rules to the {@link PeerTable} and reports the state changes. Heartbeats also carry
 * the members this node sees alive, which is how peers learn of each other without the
 * discovery server: only members it has heard from directly, so made-up names a stranger lists
 * stop at the node it told them to (there they are hints, probed a few per heartbeat). They
 * carry this node's {@link RingState ring membership} too: a member heard from is JOINED at the
 * incarnation it announces, and what it knows of the ring is merged. Runs on the node's
 * scheduler thread.
 */
public final class Heartbeats {
    /** How often the timeout rules are applied: the resolution of failure detection. */
    public static final Duration TICK = Duration.ofMillis(250);

    /**
     * Hints (peers told of, never heard from) probed per heartbeat: what a flood
     * of made-up members can cost in connection attempts, and enough for a newcomer, who is probed
     * in turn and confirmed by its first answer.
     */
    public static final int PROBES_PER_HEARTBEAT = 4;

    /** What a heartbeat says about the sender's view of the leader. */
    public record LeaderClaim(Optional<NodeAddress> leader, long term) {}

    private final NodeAddress self;
    private final long nodeId;
    private final long incarnation;
    private final PeerTable peers;
    private final Transport transport;
    private final Scheduler scheduler;
    private final Random random;
    private final Supplier<LeaderClaim> leaderClaim;
    private final Consumer<PeerTable.Change> onChange;
    private final RingState ring;
    // set by start(), cancelled by stop(), which may run on another thread
    private volatile Scheduler.Cancellable beating;
    private volatile Scheduler.Cancellable ticking;

    public Heartbeats(
            NodeAddress self,
            long nodeId,
            long incarnation,
            PeerTable peers,
            Transport transport,
            Scheduler scheduler,
            Random random,
            Supplier<LeaderClaim> leaderClaim,
            Consumer<PeerTable.Change> onChange,
            RingState ring) {
        this.self = self;
        this.nodeId = nodeId;
        this.incarnation = incarnation;
        this.peers = peers;
        this.transport = transport;
        this.scheduler = scheduler;
        this.random = random;
        this.leaderClaim = leaderClaim;
        this.onChange = onChange;
        this.ring = ring;
    }

    public void start() {
        Duration period = peers.config().heartbeat();
        beating = scheduler.scheduleAtFixedRate(Duration.ZERO, period, this::beat);
        ticking = scheduler.scheduleAtFixedRate(TICK, TICK, this::tick);
    }

    public void stop() {
        if (beating != null) {
            beating.cancel();
        }
        if (ticking != null) {
            ticking.cancel();
        }
    }

    /** Sends a heartbeat round now (say, the ring changed), besides the periodic ones; from any thread. */
    public void beatNow() {
        scheduler.execute(this::beat);
    }

    private void beat() {
        List<NodeAddress> live = peers.live();
        LeaderClaim claim = leaderClaim.get();
        Frame frame = new Frame(
                MessageType.HEARTBEAT,
                self,
                new Heartbeat(nodeId, incarnation, claim.term(), claim.leader(), live, ring.current()).encode());
        for (NodeAddress peer : live) {
            transport.send(peer, frame);
        }
        for (NodeAddress probe : peers.randomDead(random)) {
            transport.send(probe, frame);
        }
        for (NodeAddress hint : peers.hintsToProbe(PROBES_PER_HEARTBEAT, scheduler.nowMillis())) {
            transport.send(hint, frame);
        }
    }

    private void tick() {
        peers.tick(scheduler.nowMillis()).forEach(onChange);
    }

    /** A heartbeat from {@code sender}: who it is and whom it knows. */
    public void handle(NodeAddress sender, Heartbeat heartbeat) {
        peers.identified(sender, heartbeat.nodeId(), heartbeat.incarnation());
        if (peers.state(sender).filter(s -> s != MemberState.UNCONFIRMED).isPresent()) {
            ring.heardFrom(sender.toString(), heartbeat.incarnation());
            ring.merge(heartbeat.ring());
        }
        long now = scheduler.nowMillis();
        for (NodeAddress member : heartbeat.members()) {
            peers.learned(member, PeerSource.GOSSIP, now).ifPresent(onChange);
        }
    }
}

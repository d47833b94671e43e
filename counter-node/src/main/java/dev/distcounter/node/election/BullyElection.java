package dev.distcounter.node.election;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.gossip.Episodes;
import dev.distcounter.node.membership.MemberState;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Bully leader election: the live member with the highest node id leads.
 *
 * <ul>
 *   <li>An election starts when the leader is suspected or dead, when no leader is known some
 *       time after start, and when a live node with a higher id than the leader shows up (it
 *       "bullies" its way in).</li>
 *   <li>A candidate sends ELECTION to every live member with a higher id (and to those whose id
 *       it has not heard yet, who answer only if they outrank it). If none answers within
 *       the answer timeout it becomes leader: term = highest term seen + 1, COORDINATOR to all.
 *       If one answers, it waits for that node's COORDINATOR, and starts again if none comes.</li>
 *   <li>A node that gets ELECTION from a lower id answers ELECTION_ANSWER and runs its own
 *       election; if it already leads, it answers with COORDINATOR instead.</li>
 *   <li>COORDINATOR is always accepted; from a lower id than this node's, it is followed by an
 *       election that this node will win.</li>
 *   <li>Except: a term more than {@link TermBound} allows above this node's (in any election
 *       message or heartbeat claim) is refused, counted and warned about once per episode, so a
 *       forged term of 2^63-1 cannot stop terms from growing.</li>
 *   <li>Heartbeats carry each node's (leader, term): a node adopts a claim with a newer term, so
 *       nodes that missed the COORDINATOR, or joined later, learn the leader; unless the claim
 *       names a lower node than the live leader it follows (after a partition heals).</li>
 * </ul>
 *
 * <p><b>Split brain.</b> This is not consensus. A timeout is not proof of death: under a
 * partition each side sees the other as dead and elects its own leader, so two nodes lead at
 * once until the partition heals (then the higher one wins everywhere). Nothing here depends on
 * there being one leader; the counter never does.
 *
 * <p>Runs on the node's scheduler thread, like gossip. Other threads (HTTP, a scrape) read only
 * {@link #view()}, an immutable snapshot republished at the end of every entry point, and the
 * elections counter.
 */
public final class BullyElection {
    private static final Logger log = LoggerFactory.getLogger(BullyElection.class);
    /** Refusals this far apart are separate episodes, each with a WARN line. */
    private static final Duration QUIET_BETWEEN_WARNINGS = Duration.ofMinutes(1);

    private enum Phase {
        IDLE,
        AWAITING_ANSWERS,
        AWAITING_COORDINATOR
    }

    /** Who leads, as this node sees it: one consistent snapshot. */
    public record View(Optional<NodeAddress> leader, long term, boolean electing) {
        static final View NONE = new View(Optional.empty(), 0, false);
    }

    private final NodeAddress self;
    private final ElectionConfig config;
    private final PeerTable peers;
    private final Transport transport;
    private final Scheduler scheduler;
    private final Counter elections;
    private final Counter termsRefused;
    private final Episodes refusals = new Episodes(QUIET_BETWEEN_WARNINGS);

    // scheduler thread only
    private NodeAddress leader;
    private long leaderId = -1;
    private long term;
    private Phase phase = Phase.IDLE;
    private Scheduler.Cancellable timer;

    /** What other threads read: leader, term and phase, republished whole after every change. */
    private volatile View view = View.NONE;

    /**
     * {@code registry}: the node's, where elections ({@code election.started}) and refused terms
     * ({@code election.terms.refused}) are counted.
     */
    public BullyElection(
            NodeAddress self,
            ElectionConfig config,
            PeerTable peers,
            Transport transport,
            Scheduler scheduler,
            MeterRegistry registry) {
        this.self = self;
        this.config = config;
        this.peers = peers;
        this.transport = transport;
        this.scheduler = scheduler;
        this.elections = Counter.builder("election.started")
                .description("elections this node started")
                .register(registry);
        this.termsRefused = Counter.builder("election.terms.refused")
                .description("heartbeats and election messages ignored: their term was beyond --max-term-ahead")
                .register(registry);
    }

    public void start() {
        scheduler.schedule(config.startDelay(), () -> {
            if (leader == null) {
                startElection("no leader known after start");
            }
            publish();
        });
    }

    /** Cancels the election timer; call on the scheduler thread, or once it has stopped. */
    public void stop() {
        cancelTimer();
    }

    /** Leader, term and whether an election runs; safe from any thread. */
    public View view() {
        return view;
    }

    /** Election terms refused as too far ahead since start; safe from any thread. */
    public long termsRefused() {
        return (long) termsRefused.count();
    }

    /** Elections this node started since it started; safe from any thread. */
    public long elections() {
        return (long) elections.count();
    }

    /** Ends every entry point (public method or timer) that may have changed leader, term or phase. */
    private void publish() {
        view = new View(Optional.ofNullable(leader), term, phase != Phase.IDLE);
    }

    /** Membership changed: the leader is suspected or dead, or a peer came back. */
    public void onMembershipChange(PeerTable.Change change) {
        if (change.peer().equals(leader) && change.to() != MemberState.ALIVE) {
            startElection("leader " + leader + " is " + change.to());
        }
        publish();
    }

    /** A heartbeat told us whom {@code sender} follows, and its own id. */
    public void onHeartbeat(NodeAddress sender, long senderId, Optional<NodeAddress> claimed, long claimedTerm) {
        if (claimed.isPresent() && claimedTerm > term && !termAcceptable(MessageType.HEARTBEAT, sender, claimedTerm)) {
            publish();
            return;
        }
        if (claimed.isPresent() && claimedTerm > term) {
            NodeAddress candidate = claimed.get();
            long candidateId = candidate.equals(sender)
                    ? senderId
                    : candidate.equals(self) ? config.nodeId() : peers.nodeId(candidate);
            if (leaderIsLive()
                    && currentLeaderId() >= 0
                    && !candidate.equals(leader)
                    && outranks(currentLeaderId(), leader, candidateId, candidate)) {
                // A newer claim for a lower leader (the other side of a healed partition): keep the
                // higher one; its heartbeats will make that side call an election it wins.
                term = claimedTerm;
            } else {
                follow(candidate, candidateId, claimedTerm, "heartbeat from " + sender);
            }
        }
        // With no leader yet, the start delay decides; afterwards a higher live node takes over.
        // Only known ranks are compared: a leader learned second-hand may not have told us its id.
        long leaderRank = currentLeaderId();
        if (phase == Phase.IDLE
                && leader != null
                && leaderRank >= 0
                && outranks(senderId, sender, leaderRank, leader)) {
            startElection("higher node " + sender + " (id " + senderId + ") is alive");
        }
        publish();
    }

    private boolean leaderIsLive() {
        return leader != null
                && (self.equals(leader)
                        || peers.state(leader)
                                .map(state -> state != MemberState.DEAD)
                                .orElse(false));
    }

    /** The leader's id, from its own messages or, once it has sent a heartbeat, the membership table; -1 if unknown. */
    private long currentLeaderId() {
        if (self.equals(leader)) {
            return config.nodeId();
        }
        if (leaderId < 0 && leader != null) {
            leaderId = peers.nodeId(leader);
        }
        return leaderId;
    }

    /** Handles a decoded ELECTION, ELECTION_ANSWER or COORDINATOR from {@code from}. */
    public void handle(MessageType type, NodeAddress from, ElectionMessage message) {
        if (!termAcceptable(type, from, message.term())) {
            return;
        }
        switch (type) {
            case ELECTION -> {
                if (outranks(config.nodeId(), self, message.nodeId(), from)) {
                    send(from, MessageType.ELECTION_ANSWER);
                    if (self.equals(leader) && phase == Phase.IDLE) {
                        // Still leading: remind the caller instead of electing again (and raising the term).
                        send(from, MessageType.COORDINATOR);
                    } else {
                        startElection("election call from lower node " + from);
                    }
                }
            }
            case ELECTION_ANSWER -> {
                if (phase == Phase.AWAITING_ANSWERS) {
                    phase = Phase.AWAITING_COORDINATOR;
                    restartTimer(config.coordinatorTimeout(), () -> {
                        phase = Phase.IDLE;
                        startElection("no coordinator after " + from + " answered");
                        publish();
                    });
                }
            }
            case COORDINATOR -> {
                follow(from, message.nodeId(), Math.max(term, message.term()), "coordinator message");
                if (outranks(config.nodeId(), self, message.nodeId(), from)) {
                    startElection("coordinator " + from + " has a lower id than this node");
                }
            }
            default -> throw new IllegalArgumentException("not an election message: " + type);
        }
        publish();
    }

    /**
     * Whether a term a peer speaks for is within {@link TermBound} of ours; if not, the message is
     * refused: counted, and a WARN line at the first refusal of an episode.
     */
    private boolean termAcceptable(MessageType type, NodeAddress from, long offered) {
        if (config.termBound().accepts(term, offered)) {
            return true;
        }
        termsRefused.increment();
        if (refusals.opens(scheduler.nowMillis())) {
            log.warn(
                    "{}: refusing {} from {}: term {} is more than --max-term-ahead {} above this node's term {}"
                            + " (or above {}); counted in election.terms.refused, warned again after {} s without"
                            + " a refusal",
                    self,
                    type,
                    from,
                    offered,
                    config.termBound().maxAhead(),
                    term,
                    TermBound.MAX_TERM,
                    QUIET_BETWEEN_WARNINGS.toSeconds());
        }
        return false;
    }

    private void follow(NodeAddress newLeader, long newLeaderId, long newTerm, String why) {
        boolean changed = !newLeader.equals(leader);
        leader = newLeader;
        leaderId = newLeaderId;
        term = Math.max(term, newTerm);
        if (!self.equals(newLeader)) {
            phase = Phase.IDLE;
            cancelTimer();
        }
        if (changed) {
            log.info("{}: following leader {} (term {}; {})", self, newLeader, term, why);
        }
    }

    /** Starts an election unless one is running. */
    private void startElection(String why) {
        if (phase != Phase.IDLE) {
            return;
        }
        elections.increment();
        // Peers whose id we have not heard yet are asked too: they answer only if they outrank us.
        List<NodeAddress> higher = peers.live().stream()
                .filter(p -> peers.nodeId(p) < 0 || outranks(peers.nodeId(p), p, config.nodeId(), self))
                .toList();
        log.info("{}: election ({}); {} higher node(s) to ask", self, why, higher.size());
        if (higher.isEmpty()) {
            becomeLeader();
            return;
        }
        phase = Phase.AWAITING_ANSWERS;
        for (NodeAddress p : higher) {
            send(p, MessageType.ELECTION);
        }
        restartTimer(config.answerTimeout(), () -> {
            phase = Phase.IDLE;
            becomeLeader();
            publish();
        });
    }

    private void becomeLeader() {
        cancelTimer();
        phase = Phase.IDLE;
        term++;
        leader = self;
        leaderId = config.nodeId();
        log.info("{}: became leader (term {})", self, term);
        for (NodeAddress p : peers.live()) {
            send(p, MessageType.COORDINATOR);
        }
    }

    /** Whether (id a, address a) ranks above (id b, address b): by id, then by address. Unknown ids (-1) rank lowest. */
    static boolean outranks(long idA, NodeAddress a, long idB, NodeAddress b) {
        if (idA != idB) {
            return idA > idB;
        }
        if (a == null || b == null) {
            return a != null;
        }
        return a.compareTo(b) > 0;
    }

    private void send(NodeAddress to, MessageType type) {
        transport.send(to, new Frame(type, self, new ElectionMessage(config.nodeId(), term).encode()));
    }

    private void restartTimer(Duration delay, Runnable task) {
        cancelTimer();
        timer = scheduler.schedule(delay, task);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}

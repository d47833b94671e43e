package dev.distcounter.node;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.antientropy.AntiEntropy;
import dev.distcounter.node.antientropy.AntiEntropyMessages;
import dev.distcounter.node.antientropy.LeafDigests;
import dev.distcounter.node.antientropy.RangeLeaves;
import dev.distcounter.node.antientropy.RangeRoots;
import dev.distcounter.node.antientropy.TombstonePurges;
import dev.distcounter.node.antientropy.WantedKeys;
import dev.distcounter.node.election.BullyElection;
import dev.distcounter.node.election.ElectionMessage;
import dev.distcounter.node.gossip.GossipMessage;
import dev.distcounter.node.gossip.Gossiper;
import dev.distcounter.node.membership.Heartbeat;
import dev.distcounter.node.membership.Heartbeats;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.replication.HintedWriteRequest;
import dev.distcounter.node.replication.KeyspaceCoordinator;
import dev.distcounter.node.replication.ReadReply;
import dev.distcounter.node.replication.ReadRequest;
import dev.distcounter.node.replication.ReplicaMessages;
import dev.distcounter.node.replication.ReplicaService;
import dev.distcounter.node.replication.WriteReply;
import dev.distcounter.node.replication.WriteRequest;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.FramesByType;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame boundary: takes every inbound frame on the node's scheduler thread, records it as
 * contact from its sender, decodes its payload into a typed message, then dispatches that
 * message to gossip (PULL, PUSH), heartbeats and the election (HEARTBEAT), the election
 * (ELECTION, ELECTION_ANSWER, COORDINATOR), this node as a replica (KV_READ, KV_WRITE) or as a
 * keyspace coordinator (KV_READ_REPLY, KV_WRITE_REPLY), or anti-entropy (AE_ROOTS .. AE_WANT,
 * KV_PURGE). Decoding and handling are kept apart so that blame
 * lands where it belongs (docs/protocol.md, "What a receiver does with bad input"):
 *
 * <ul>
 *   <li>A payload that does not decode is the sender's fault: a WARN line naming this node, the
 *       sender and the reason, one count in {@code gossip.frames.bad}, and the frame is dropped.</li>
 *   <li>An exception while handling a decoded message is a bug here: an ERROR line with the type
 *       and sender (and the stack), one count in {@code gossip.frames.failed}, never a bad frame.</li>
 * </ul>
 *
 * Either way the scheduler thread goes on with the next frame.
 *
 * <p>Guarantees: docs/guarantees.md §6.
 */
final class FrameRouter {
    private static final Logger log = LoggerFactory.getLogger(FrameRouter.class);

    private final NodeAddress self;
    private final Scheduler scheduler;
    private final PeerTable peers;
    private final Gossiper gossiper;
    private final Heartbeats heartbeats;
    private final BullyElection election;
    private final ReplicaService replica;
    private final KeyspaceCoordinator coordinator;
    private final AntiEntropy antiEntropy;
    private final FramesByType processed;
    private final FramesByType bad;
    private final FramesByType failed;

    FrameRouter(
            NodeAddress self,
            Scheduler scheduler,
            PeerTable peers,
            Gossiper gossiper,
            Heartbeats heartbeats,
            BullyElection election,
            ReplicaService replica,
            KeyspaceCoordinator coordinator,
            AntiEntropy antiEntropy,
            MeterRegistry registry) {
        this.self = self;
        this.scheduler = scheduler;
        this.peers = peers;
        this.gossiper = gossiper;
        this.heartbeats = heartbeats;
        this.election = election;
        this.replica = replica;
        this.coordinator = coordinator;
        this.antiEntropy = antiEntropy;
        this.processed = new FramesByType(
                registry,
                "gossip.frames.processed",
                "frames taken in by the scheduler thread, whatever became of them");
        this.bad = new FramesByType(registry, "gossip.frames.bad", "frames whose payload did not decode; dropped");
        this.failed = new FramesByType(
                registry, "gossip.frames.failed", "decoded frames whose handling threw: a bug, logged at ERROR");
    }

    /** Handles one inbound frame; call on the scheduler thread. Never throws. */
    void route(Frame frame) {
        processed.increment(frame.type());
        guarded(frame, () -> {
            peers.heardFrom(frame.sender(), scheduler.nowMillis()).ifPresent(election::onMembershipChange);
            Runnable dispatch;
            try {
                dispatch = decode(frame);
            } catch (IllegalArgumentException malformed) {
                bad.increment(frame.type());
                log.warn(
                        "{}: dropping {} from {}: bad payload: {}",
                        self,
                        frame.type(),
                        frame.sender(),
                        malformed.getMessage());
                return;
            }
            dispatch.run();
        });
    }

    /**
     * Runs work done for {@code frame} (handling it, or answering it later): what throws is a
     * bug of this node, counted and logged against the frame.
     */
    private void guarded(Frame frame, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException bug) {
            failed.increment(frame.type());
            log.error(
                    "{}: handling {} from {} failed (a bug in this node, not the sender's fault): {}",
                    self,
                    frame.type(),
                    frame.sender(),
                    bug.toString(),
                    bug);
        }
    }

    /**
     * The frame's payload decoded into its message, bound to the handler that takes it.
     *
     * @throws IllegalArgumentException the payload is not a valid message of the frame's type
     */
    private Runnable decode(Frame frame) {
        NodeAddress sender = frame.sender();
        return switch (frame.type()) {
            case PULL, PUSH -> {
                GossipMessage message = GossipMessage.decode(frame);
                yield () -> gossiper.handle(message, answer -> scheduler.execute(() -> guarded(frame, answer)));
            }
            case HEARTBEAT -> {
                Heartbeat heartbeat = Heartbeat.decode(frame.payload());
                yield () -> {
                    heartbeats.handle(sender, heartbeat);
                    election.onHeartbeat(sender, heartbeat.nodeId(), heartbeat.leader(), heartbeat.term());
                };
            }
            case ELECTION, ELECTION_ANSWER, COORDINATOR -> {
                ElectionMessage message = ElectionMessage.decode(frame.payload());
                yield () -> election.handle(frame.type(), sender, message);
            }
            case KV_READ -> {
                ReadRequest request = ReplicaMessages.decodeReadRequest(frame.payload());
                yield () -> replica.onRead(sender, request);
            }
            case KV_WRITE -> {
                WriteRequest request = ReplicaMessages.decodeWriteRequest(frame.payload());
                yield () -> replica.onWrite(sender, request);
            }
            case KV_READ_REPLY -> {
                ReadReply reply = ReplicaMessages.decodeReadReply(frame.payload());
                yield () -> coordinator.onReadReply(sender, reply);
            }
            case KV_HINTED_WRITE -> {
                HintedWriteRequest request = ReplicaMessages.decodeHintedWriteRequest(frame.payload());
                yield () -> coordinator.onHintedWrite(sender, request);
            }
            case KV_WRITE_REPLY -> {
                WriteReply reply = ReplicaMessages.decodeWriteReply(frame.payload());
                yield () -> coordinator.onWriteReply(sender, reply);
            }
            case AE_ROOTS -> {
                RangeRoots roots = AntiEntropyMessages.decodeRoots(frame.payload());
                yield () -> antiEntropy.onRoots(sender, roots);
            }
            case AE_LEAVES -> {
                RangeLeaves leaves = AntiEntropyMessages.decodeLeaves(frame.payload());
                yield () -> antiEntropy.onLeaves(sender, leaves);
            }
            case AE_DIGESTS -> {
                LeafDigests digests = AntiEntropyMessages.decodeDigests(frame.payload());
                yield () -> antiEntropy.onDigests(sender, digests);
            }
            case AE_WANT -> {
                WantedKeys wanted = AntiEntropyMessages.decodeWanted(frame.payload());
                yield () -> antiEntropy.onWant(sender, wanted);
            }
            case KV_PURGE -> {
                TombstonePurges purges = AntiEntropyMessages.decodePurges(frame.payload());
                yield () -> antiEntropy.onPurge(sender, purges);
            }
        };
    }

    /** Frames of {@code types} taken in so far; safe from any thread. */
    long processed(Set<MessageType> types) {
        return processed.count(types);
    }

    /** Frames of {@code types} whose payload did not decode, so far; safe from any thread. */
    long bad(Set<MessageType> types) {
        return bad.count(types);
    }

    /** Frames of any type whose handling failed, so far; safe from any thread. */
    long failed() {
        return failed.total();
    }
}

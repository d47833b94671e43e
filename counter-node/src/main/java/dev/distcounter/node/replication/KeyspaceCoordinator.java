package dev.distcounter.node.replication;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.node.handoff.HintStore;
import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.Transport;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Coordinates reads and writes of keys, on any node, for any key (docs/protocol.md, "Keyspace").
 *
 * <p>A write ({@link KeyWrite}) gets a version above every acknowledged one, from a pre-read of
 * R replicas or, when this node is a replica, directly from its own (checked by the replicas'
 * answers), sends the write to all N replicas at once and answers at W durable
 * acknowledgements, while the rest keep being delivered. A read asks all N, answers at R with
 * the newest version once W replicas hold it, and repairs every replica that answers with an
 * older one, late replies included ({@link KeyRead}, {@link ReadRound}).
 * Replicas that stay silent for half the timeout are asked once more (frames may be lost).
 *
 * <p>All of its state lives on the node's scheduler thread: the public methods only hand work
 * over, and their futures complete there. This node, when it is a replica, is called directly
 * rather than through a frame, with the same asynchronous replies.
 */
public final class KeyspaceCoordinator implements KeyValueOperations, ReplicaChannel.Replies {
    private final String selfName;
    private final KeyspaceConfig config;
    private final RingView ring;
    private final ReplicaChannel channel;
    private final Scheduler scheduler;
    private final Rounds rounds;
    private final KeyspaceMeters meters;
    private final WriteBytes writeBytes = new WriteBytes(WriteBytes.DEFAULT_LIMIT);
    private final KeyWrite.Context writes;
    private final KeyRead reads;
    private final HintedHandoff hints;
    private final RangeHandover handover;

    /**
     * @param firstRequestId random, so replies meant for an earlier run of this node match nothing
     * @param hintStore      where hints for replicas that missed writes are kept (the caller closes it)
     */
    public KeyspaceCoordinator(
            NodeAddress self,
            KeyspaceConfig config,
            RingView ring,
            ReplicaService local,
            HintStore hintStore,
            Transport transport,
            Scheduler scheduler,
            long firstRequestId,
            KeyspaceMeters meters) {
        this.selfName = self.toString();
        this.config = config;
        this.ring = ring;
        this.channel = new ReplicaChannel(self, local, transport, scheduler);
        this.channel.deliverRepliesTo(this);
        this.scheduler = scheduler;
        this.rounds = new Rounds(scheduler, config.timeout(), firstRequestId);
        this.meters = meters;
        meters.watchWriteBytes(writeBytes::held);
        this.hints = new HintedHandoff(selfName, hintStore, ring, config.replicas(), channel, rounds, meters);
        this.channel.standInIs((id, home, key, write) -> hints.hold(config.sloppyQuorum(), id, home, key, write));
        this.handover = new RangeHandover(selfName, config, ring, channel, rounds, local.store());
        this.reads = new KeyRead(config, ring, channel, rounds, meters);
        this.writes = new KeyWrite.Context(
                selfName,
                config,
                ring,
                channel,
                rounds,
                writeBytes,
                new WriteStamps(scheduler::nowMillis),
                meters,
                hints);
    }

    /** Starts replaying hints to replicas that are back, and streaming keys on ring changes. */
    public void start() {
        hints.start();
        handover.start();
    }

    /** Stops replaying hints and streaming keys (the node is stopping). */
    public void stop() {
        hints.stop();
        handover.stop();
    }

    /** Streaming keys to their new replicas on ring changes. */
    public KeyHandover handover() {
        return handover;
    }

    @Override
    public CompletableFuture<WriteResult> put(String key, String value, OptionalInt w) {
        return write(key, value, w.orElse(config.writeQuorum()));
    }

    @Override
    public CompletableFuture<WriteResult> delete(String key, OptionalInt w) {
        return write(key, null, w.orElse(config.writeQuorum()));
    }

    @Override
    public CompletableFuture<ReadResult> get(String key, OptionalInt r) {
        CompletableFuture<ReadResult> result = new CompletableFuture<>();
        int quorum = r.orElse(config.readQuorum());
        scheduler.execute(() -> reads.start(key, quorum, result));
        return result.whenComplete((done, failure) -> meters.read(done));
    }

    @Override
    public Placement owners(String key) {
        return ring.placement(key, config.replicas());
    }

    @Override
    public RingSummary ring() {
        return new RingSummary(
                config.replicas(),
                config.readQuorum(),
                config.writeQuorum(),
                config.vnodes(),
                config.quorumsOverlap(),
                config.sloppyQuorum(),
                ring.shares().stream()
                        .map(m -> m.withHintsPending(hints.pending(m.node())))
                        .toList(),
                RingSummary.rows(ring.membership()));
    }

    /** Bytes of keys and values held for writes still being delivered; safe from any thread. */
    public long heldWriteBytes() {
        return writeBytes.held();
    }

    @Override
    public int replicas() {
        return config.replicas();
    }

    /** What this node holds as a replica, read directly (thread-safe: the store is a concurrent map). */
    @Override
    public Versioned heldHere(String key) {
        return channel.localHeld(key);
    }

    /** A replica's answer to a read of ours; call on the scheduler thread. */
    @Override
    public void onReadReply(NodeAddress from, ReadReply reply) {
        Round round = rounds.get(reply.requestId());
        if (round != null) {
            round.onRead(from.toString(), reply.held());
        }
    }

    /** A replica's answer to a write of ours; call on the scheduler thread. */
    @Override
    public void onWriteReply(NodeAddress from, WriteReply reply) {
        Round round = rounds.get(reply.requestId());
        if (round != null) {
            round.onWrite(from.toString(), reply);
        }
    }

    /** A coordinator's KV_HINTED_WRITE: this node stands in for a home replica that is down. */
    public void onHintedWrite(NodeAddress from, HintedWriteRequest request) {
        channel.onHintedWrite(from, request);
    }

    private CompletableFuture<WriteResult> write(String key, String valueOrNull, int quorum) {
        CompletableFuture<WriteResult> result = new CompletableFuture<>();
        scheduler.execute(() -> startWrite(key, valueOrNull, quorum, result));
        return result.whenComplete((done, failure) -> meters.write(valueOrNull == null, done));
    }

    private void startWrite(String key, String valueOrNull, int quorum, CompletableFuture<WriteResult> result) {
        List<String> replicas = ring.preferenceList(key, config.replicas());
        String owner = replicas.get(0);
        if (replicas.size() < quorum) {
            result.complete(WriteResult.failed(
                    owner,
                    "write quorum not reached: the ring has " + replicas.size() + " member(s), fewer than W=" + quorum,
                    WriteOutcome.NOT_APPLIED));
            return;
        }
        // A write's value stays here until every replica has it or the timeout passes, after the
        // client's answer too: bounded, so slow replicas cannot make this node hold without end.
        long footprint = WriteBytes.footprint(key, valueOrNull);
        if (!writeBytes.reserve(footprint)) {
            result.complete(WriteResult.failed(
                    owner,
                    "write quorum not reached: this node is still delivering " + writeBytes.describe()
                            + " of earlier writes to slow replicas; retry shortly",
                    WriteOutcome.NOT_APPLIED));
            return;
        }

        new KeyWrite(writes, key, valueOrNull, targets(key, replicas, quorum), owner, quorum, footprint, result)
                .start();
    }

    /** The key's homes; with a sloppy quorum and fewer than W of them up, stand-ins for the rest. */
    private WriteTargets targets(String key, List<String> replicas, int quorum) {
        WriteTargets homes = WriteTargets.homes(replicas);
        if (!config.sloppyQuorum() || replicas.stream().filter(ring::believedUp).count() >= quorum) {
            return homes;
        }
        HashRing current = ring.current();
        WriteTargets sloppy =
                WriteTargets.sloppy(current.walk(key, current.members().size()), replicas.size(), ring::believedUp);
        if (!sloppy.isSloppy()) {
            return homes;
        }
        meters.sloppyWrite();
        return sloppy;
    }
}

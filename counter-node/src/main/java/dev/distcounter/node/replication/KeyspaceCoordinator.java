package dev.distcounter.node.replication;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.Transport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Coordinates reads and writes of keys, on any node, for any key (docs/protocol.md, "Keyspace").
 *
 * <p>A write first reads the key's version from a read quorum of its replicas (R; on failure the
 * write is certainly not applied), gives itself the next version ({@link Version#next}), then
 * sends the write to all N replicas at once and answers at W durable acknowledgements, while the
 * rest keep being delivered. A read asks all N, answers at R with the newest version, and repairs
 * every replica that answers with an older one, late replies included ({@link ReadRound}).
 * Replicas that stay silent for half the timeout are asked once more (frames may be lost).
 *
 * <p>All of its state lives on the node's scheduler thread: the public methods only hand work
 * over, and their futures complete there. This node, when it is a replica, is called directly
 * rather than through a frame, with the same asynchronous replies.
 */
public final class KeyspaceCoordinator implements KeyValueOperations {
    private final NodeAddress self;
    private final String selfName;
    private final KeyspaceConfig config;
    private final RingView ring;
    private final ReplicaService local;
    private final Transport transport;
    private final Scheduler scheduler;
    private final KeyspaceMeters meters;
    private final Map<Long, Round> rounds = new HashMap<>(); // scheduler thread only
    private long nextRequestId;
    private long lastStamp;

    /** {@code firstRequestId}: random, so replies meant for an earlier run of this node match nothing. */
    public KeyspaceCoordinator(
            NodeAddress self,
            KeyspaceConfig config,
            RingView ring,
            ReplicaService local,
            Transport transport,
            Scheduler scheduler,
            long firstRequestId,
            KeyspaceMeters meters) {
        this.self = self;
        this.selfName = self.toString();
        this.config = config;
        this.ring = ring;
        this.local = local;
        this.transport = transport;
        this.scheduler = scheduler;
        this.nextRequestId = firstRequestId;
        this.meters = meters;
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
        scheduler.execute(() -> startRead(key, quorum, result));
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
                ring.shares());
    }

    @Override
    public int replicas() {
        return config.replicas();
    }

    /** A replica's answer to a read of ours; call on the scheduler thread. */
    public void onReadReply(NodeAddress from, ReadReply reply) {
        Round round = rounds.get(reply.requestId());
        if (round != null) {
            round.onRead(from.toString(), reply.held());
        }
    }

    /** A replica's answer to a write of ours; call on the scheduler thread. */
    public void onWriteReply(NodeAddress from, WriteReply reply) {
        Round round = rounds.get(reply.requestId());
        if (round != null) {
            round.onWrite(from.toString(), reply);
        }
    }

    private CompletableFuture<WriteResult> write(String key, String valueOrNull, int quorum) {
        CompletableFuture<WriteResult> result = new CompletableFuture<>();
        scheduler.execute(() -> startWrite(key, valueOrNull, quorum, result));
        return result.whenComplete((done, failure) -> meters.write(valueOrNull == null, done));
    }

    private void startRead(String key, int quorum, CompletableFuture<ReadResult> result) {
        List<String> replicas = ring.preferenceList(key, config.replicas());
        String owner = replicas.get(0);
        if (replicas.size() < quorum) {
            result.complete(ReadResult.noQuorum(
                    key,
                    owner,
                    "read quorum not reached: the ring has " + replicas.size() + " member(s), fewer than R=" + quorum));
            return;
        }
        long id = nextRequestId++;
        ReadRound votes = new ReadRound(replicas, quorum, config.writeQuorum());
        Round round = new Round(id, replicas) {
            @Override
            void onRead(String node, Versioned held) {
                // Repairs go under the read's id: their acknowledgements count as holders.
                for (ReadRound.Repair repair : votes.onReply(node, held)) {
                    meters.repair();
                    sendWrite(
                            repair.node(),
                            id,
                            key,
                            repair.newest(),
                            ReplicaMessages.encode(new WriteRequest(id, key, repair.newest())));
                }
                answerIfSettled();
            }

            @Override
            void onWrite(String node, WriteReply reply) {
                if (reply.status() != WriteReply.Status.FAILED) {
                    votes.onRepaired(node, reply.held());
                }
                answerIfSettled();
            }

            private void answerIfSettled() {
                if (!result.isDone() && votes.answerable()) {
                    Versioned newest = votes.newest();
                    result.complete(
                            newest == null || newest.deleted()
                                    ? ReadResult.notFound(
                                            key,
                                            newest == null
                                                    ? 0
                                                    : newest.version().counter(),
                                            owner)
                                    : ReadResult.found(
                                            key,
                                            newest.value(),
                                            newest.version().counter(),
                                            owner));
                }
                if (votes.allReplied() && result.isDone()) {
                    finish();
                }
            }

            @Override
            List<String> silent() {
                return votes.silent();
            }

            @Override
            void resend(String node) {
                sendRead(node, id, key);
            }

            @Override
            void timedOut() {
                String why = votes.quorumReached()
                        ? votes.holders() + " of W=" + config.writeQuorum()
                                + " replicas hold the newest version, and writing it back to more did not finish"
                        : votes.replies() + " of R=" + quorum + " replicas answered";
                result.complete(ReadResult.noQuorum(
                        key, owner, "read quorum not reached: " + why + " within " + millis(config.timeout())));
            }
        };
        round.start();
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
        // The version pre-read: a read quorum (R), so that with R + W > N it meets every
        // acknowledged write's quorum and the new version is above every acknowledged one.
        int readQuorum = Math.min(config.readQuorum(), replicas.size());
        long id = nextRequestId++;
        ReadRound versions = new ReadRound(replicas, readQuorum, 1);
        Round round = new Round(id, replicas) {
            @Override
            void onRead(String node, Versioned held) {
                var unused = versions.onReply(node, held); // the write itself repairs them
                if (!versions.quorumReached()) {
                    return;
                }
                finish();
                Versioned newest = versions.newest();
                long stamp = nextStamp();
                Version version = newest == null
                        ? Version.first(selfName, stamp)
                        : newest.version().next(selfName, stamp);
                Versioned write =
                        valueOrNull == null ? Versioned.tombstone(version) : Versioned.value(version, valueOrNull);
                startWritePhase(key, write, replicas, quorum, owner, result);
            }

            @Override
            List<String> silent() {
                return versions.silent();
            }

            @Override
            void resend(String node) {
                sendRead(node, id, key);
            }

            @Override
            void timedOut() {
                result.complete(WriteResult.failed(
                        owner,
                        "write quorum not reached: the version pre-read had " + versions.replies() + " of R="
                                + readQuorum + " replies within " + millis(config.timeout())
                                + "; nothing was written",
                        WriteOutcome.NOT_APPLIED));
            }
        };
        round.start();
    }

    private void startWritePhase(
            String key,
            Versioned write,
            List<String> replicas,
            int quorum,
            String owner,
            CompletableFuture<WriteResult> result) {
        long id = nextRequestId++;
        WriteRound acks = new WriteRound(replicas, quorum);
        byte[] payload = ReplicaMessages.encode(new WriteRequest(id, key, write)); // once, however many replicas
        Round round = new Round(id, replicas) {
            @Override
            void onWrite(String node, WriteReply reply) {
                acks.onReply(node, reply.status() != WriteReply.Status.FAILED);
                if (!result.isDone()) {
                    if (acks.succeeded()) {
                        result.complete(WriteResult.applied(write.version().counter(), owner));
                    } else if (acks.failed()) {
                        result.complete(WriteResult.failed(
                                owner,
                                "write quorum not reached: " + acks.acknowledgements() + " of W=" + quorum
                                        + " replicas stored it; the others could not",
                                acks.outcomeIfNotSucceeded()));
                    }
                }
                if (acks.allReplied()) {
                    finish();
                }
            }

            @Override
            List<String> silent() {
                return acks.silent();
            }

            @Override
            void resend(String node) {
                sendWrite(node, id, key, write, payload);
            }

            @Override
            void timedOut() {
                meters.undelivered(acks.silent().size());
                result.complete(WriteResult.failed(
                        owner,
                        "write quorum not reached: " + acks.acknowledgements() + " of W=" + quorum
                                + " replicas acknowledged within " + millis(config.timeout())
                                + "; the write may or may not be applied",
                        acks.outcomeIfNotSucceeded()));
            }
        };
        round.start();
    }

    /** Unique among this node's writes, and growing with its clock across restarts. */
    private long nextStamp() {
        lastStamp = Math.max(lastStamp + 1, scheduler.nowMillis() * 1000);
        return lastStamp;
    }

    private void sendRead(String node, long id, String key) {
        if (node.equals(selfName)) {
            Versioned held = local.read(key);
            scheduler.execute(() -> onReadReply(self, new ReadReply(id, held)));
        } else {
            transport.send(
                    NodeAddress.parse(node),
                    new Frame(MessageType.KV_READ, self, ReplicaMessages.encode(new ReadRequest(id, key))));
        }
    }

    /** {@code payload}: the encoded {@link WriteRequest}, for a replica that is not this node. */
    private void sendWrite(String node, long id, String key, Versioned write, byte[] payload) {
        if (node.equals(selfName)) {
            var unused =
                    local.write(id, key, write).thenAccept(reply -> scheduler.execute(() -> onWriteReply(self, reply)));
        } else {
            transport.send(NodeAddress.parse(node), new Frame(MessageType.KV_WRITE, self, payload));
        }
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    /**
     * One request sent to a key's replicas under one id: registered while replies may come,
     * asking silent replicas once more at half the timeout, ended by {@link #finish} or the timeout.
     */
    private abstract class Round {
        private final long id;
        private final List<String> replicas;
        private Scheduler.Cancellable retry;
        private Scheduler.Cancellable timeout;

        Round(long id, List<String> replicas) {
            this.id = id;
            this.replicas = replicas;
        }

        final void start() {
            rounds.put(id, this);
            Duration limit = config.timeout();
            retry = scheduler.schedule(limit.dividedBy(2), () -> silent().forEach(this::resend));
            timeout = scheduler.schedule(limit, () -> {
                if (rounds.remove(id) == this) {
                    retry.cancel();
                    timedOut();
                }
            });
            replicas.forEach(this::resend);
        }

        final void finish() {
            rounds.remove(id);
            retry.cancel();
            timeout.cancel();
        }

        void onRead(String node, Versioned held) {}

        void onWrite(String node, WriteReply reply) {}

        abstract List<String> silent();

        abstract void resend(String node);

        /** The timeout passed before the round finished; complete the client's future if not yet. */
        abstract void timedOut();
    }
}

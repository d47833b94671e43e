package dev.distcounter.node.replication;

import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One client put or delete, from its first round to its answer (docs/protocol.md, "A write").
 * Scheduler thread only.
 *
 * <p>Two ways to choose the version:
 * <ul>
 *   <li><b>Pre-read</b> (always correct when R + W > N): read the key's version from R replicas,
 *       write {@code max + 1}; STORED and HOLDS_NEWER both acknowledge.</li>
 *   <li><b>Direct</b>, when this node is one of the key's replicas and 2W > N: write at once with
 *       {@code local + 1} (this node's own replica's version), one round trip instead of two.
 *       Only a <i>clean</i> acknowledgement counts: STORED over a version of a lower counter.
 *       Every write acknowledged before this one started is held (or something newer) by W
 *       replicas, none of which can acknowledge cleanly unless this version's counter is above
 *       it; and with 2W > N the other replicas are fewer than W. So a direct write that
 *       succeeds is above every write acknowledged before it, as a pre-read one would be. On
 *       the first sign that its version is not high enough (HOLDS_NEWER, or STORED over an equal
 *       or higher counter), it falls back to the pre-read, with a version above both. Taken only
 *       while W of the key's replicas are believed up, so that a write that cannot reach W still
 *       fails certainly not applied, at its pre-read.</li>
 * </ul>
 *
 * <p>A <b>sloppy</b> write ({@code --sloppy-quorum}, fewer than W homes believed up) goes to the
 * homes that are up and to stand-ins for the others ({@link WriteTargets}), always by the
 * pre-read, over those same nodes. Its version's counter is at least this node's clock in
 * milliseconds: the homes that hold the key's newest versions may all be down, and a counter
 * from what the stand-ins saw could be lower than a write acknowledged before this one started,
 * which would then win when the hints reach the homes. With clocks in step, a later sloppy write
 * wins; the clients see version numbers jump.
 */
final class KeyWrite {
    /** What every write of one coordinator shares. */
    record Context(
            String selfName,
            KeyspaceConfig config,
            RingView ring,
            ReplicaChannel channel,
            Rounds rounds,
            WriteBytes writeBytes,
            WriteStamps stamps,
            KeyspaceMeters meters,
            HintedHandoff hints) {}

    private final Context ctx;
    private final String key;
    private final String valueOrNull;
    private final WriteTargets targets;
    private final List<String> replicas;
    private final String owner;
    private final int quorum;
    private final long footprint;
    private final CompletableFuture<WriteResult> result;

    /** {@code footprint}: bytes already reserved in {@code ctx.writeBytes()}, released when the write ends. */
    KeyWrite(
            Context ctx,
            String key,
            String valueOrNull,
            WriteTargets targets,
            String owner,
            int quorum,
            long footprint,
            CompletableFuture<WriteResult> result) {
        this.ctx = ctx;
        this.key = key;
        this.valueOrNull = valueOrNull;
        this.targets = targets;
        this.replicas = targets.nodes();
        this.owner = owner;
        this.quorum = quorum;
        this.footprint = footprint;
        this.result = result;
    }

    private String owner() {
        return owner;
    }

    void start() {
        // Direct only when W replicas are believed up: otherwise the pre-read fails first, and
        // the client learns the write was certainly not applied rather than "maybe".
        long up = replicas.stream().filter(ctx.ring()::believedUp).count();
        if (!targets.isSloppy() && replicas.contains(ctx.selfName()) && 2 * quorum > replicas.size() && up >= quorum) {
            Versioned held = ctx.channel().localHeld(key);
            write(versionAbove(held == null ? null : held.version()), true);
        } else {
            preRead(null);
        }
    }

    /** The next version above {@code base} (null: the first), with this value or a tombstone. */
    private Versioned versionAbove(Version base) {
        long stamp = ctx.stamps().next();
        Version version = base == null ? Version.first(ctx.selfName(), stamp) : base.next(ctx.selfName(), stamp);
        if (targets.isSloppy()) {
            long clock = ctx.rounds().scheduler().nowMillis();
            version = new Version(Math.max(version.counter(), clock), ctx.selfName(), stamp);
        }
        return valueOrNull == null ? Versioned.tombstone(version) : Versioned.value(version, valueOrNull);
    }

    /**
     * The version pre-read: a read quorum (R), so that with R + W > N it meets every acknowledged
     * write's quorum and the new version is above every acknowledged one, and above {@code floor}.
     */
    private void preRead(Version floor) {
        int readQuorum = Math.min(ctx.config().readQuorum(), replicas.size());
        ReadRound versions = new ReadRound(replicas, readQuorum, 1);
        Round round = new Round(ctx.rounds(), replicas) {
            @Override
            void onRead(String node, Versioned held) {
                var unused = versions.onReply(node, held); // the write itself repairs them
                if (!versions.quorumReached()) {
                    return;
                }
                finish();
                Version newest =
                        versions.newest() == null ? null : versions.newest().version();
                if (floor != null && (newest == null || floor.newerThan(newest))) {
                    newest = floor;
                }
                write(versionAbove(newest), false);
            }

            @Override
            List<String> silent() {
                return versions.silent();
            }

            @Override
            void send(String node) {
                ctx.channel().read(node, id(), key);
            }

            @Override
            void timedOut() {
                ctx.writeBytes().release(footprint);
                result.complete(WriteResult.failed(
                        owner(),
                        "write quorum not reached: the version pre-read had " + versions.replies() + " of R="
                                + readQuorum + " replies within " + millis()
                                + (floor == null ? "; nothing was written" : "; the write may or may not be applied"),
                        floor == null ? WriteOutcome.NOT_APPLIED : WriteOutcome.INDETERMINATE));
            }
        };
        round.start();
    }

    /** Sends {@code write} to every replica and answers at W acknowledgements. */
    private void write(Versioned write, boolean direct) {
        WriteRound acks = new WriteRound(replicas, quorum);
        Round round = new Round(ctx.rounds(), replicas) {
            private final byte[] payload = ReplicaMessages.encode(new WriteRequest(id(), key, write));
            private boolean fellBack;

            @Override
            void onWrite(String node, WriteReply reply) {
                if (acks.hasReplied(node)) {
                    return; // an answer to a resend: the first answer counted
                }
                WriteReply.Status status = reply.status();
                boolean acknowledged = direct
                        ? status == WriteReply.Status.STORED
                                && reply.priorCounter() < write.version().counter()
                        : status == WriteReply.Status.STORED || status == WriteReply.Status.HOLDS_NEWER;
                // A replica without a log holds what it is sent but is no acknowledgement; it
                // still shows a too-low version by holding a newer one.
                boolean tooLow = status == WriteReply.Status.HOLDS_NEWER
                        || (status == WriteReply.Status.STORED && !acknowledged)
                        || (status == WriteReply.Status.IN_MEMORY
                                && reply.held().newerThan(write.version()));
                if (direct && tooLow && !result.isDone()) {
                    // This version was not high enough: redo it above what the replica holds.
                    fellBack = true;
                    finish();
                    ctx.meters().fallback();
                    Version floor = reply.held().newerThan(write.version()) ? reply.held() : write.version();
                    preRead(floor);
                    return;
                }
                acks.onReply(node, acknowledged, status != WriteReply.Status.FAILED);
                if (!result.isDone()) {
                    if (acks.succeeded()) {
                        result.complete(WriteResult.applied(write.version().counter(), owner()));
                    } else if (acks.failed()) {
                        result.complete(WriteResult.failed(
                                owner(),
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
            void send(String node) {
                String home = targets.homeOf(node);
                if (home.equals(node)) {
                    ctx.channel().write(node, id(), key, write, payload);
                } else {
                    ctx.channel().writeHinted(node, id(), home, key, write);
                }
            }

            @Override
            void ended() {
                if (!fellBack) {
                    ctx.writeBytes().release(footprint);
                }
            }

            @Override
            void timedOut() {
                ctx.meters().undelivered(acks.silent().size());
                // Each replica that never answered gets the write later, from a hint.
                // (A silent stand-in's home gets it from this node's hint instead.)
                ctx.hints().record(acks.silent().stream().map(targets::homeOf).toList(), key, write);
                result.complete(WriteResult.failed(
                        owner(),
                        "write quorum not reached: " + acks.acknowledgements() + " of W=" + quorum
                                + " replicas acknowledged within " + millis()
                                + "; the write may or may not be applied",
                        acks.outcomeIfNotSucceeded()));
            }
        };
        round.start();
    }

    private String millis() {
        return ctx.config().timeout().toMillis() + " ms";
    }
}

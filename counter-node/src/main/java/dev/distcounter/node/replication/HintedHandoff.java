package dev.distcounter.node.replication;

import dev.distcounter.node.handoff.Hint;
import dev.distcounter.node.handoff.HintStore;
import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.time.TokenBucket;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's side of hinted handoff (docs/protocol.md, "Hinted handoff"): a replica that
 * had not acknowledged a write when its round timed out gets a hint in the {@link HintStore};
 * every {@link #TICK} the hints past the window are dropped, and each target the failure
 * detector believes up is sent its oldest hints as ordinary KV_WRITEs, one small {@link Round}
 * each, so the replies find them by request id.
 *
 * <p>Rules:
 * <ul>
 *   <li>Throttled per target: {@link dev.distcounter.node.handoff.HintConfig#replayRate()} hints a
 *       second, by a {@link TokenBucket} with never more than one tick's worth (at least one)
 *       saved up, made anew each time the target comes back, and a new batch only once the last
 *       one has ended: a returning replica is never sent more than rate × elapsed + one tick's
 *       worth.</li>
 *   <li>A hint goes once its target answers STORED or HOLDS_NEWER (it holds this version or a
 *       newer one); on FAILED or silence it stays for a later tick.</li>
 *   <li>Drops (full or expired) are counted; a WARN is logged once per target and reason until
 *       the target's hints are all gone.</li>
 *   <li>A target that is no longer on the ring (it left, or was removed) is never replayed to:
 *       its hints become hints for every member of their key's preference list now, this node
 *       included, at most {@link #REDIRECTED_PER_TICK} a tick, keeping their first time.</li>
 * </ul>
 * Scheduler thread only, but for {@link #start}, {@link #stop} and {@link #pending}.
 */
final class HintedHandoff {
    private static final Logger log = LoggerFactory.getLogger(HintedHandoff.class);

    static final Duration TICK = Duration.ofMillis(100);
    /** Hints of a target off the ring turned into hints for their keys' replicas, per tick. */
    static final int REDIRECTED_PER_TICK = 1_000;

    private final String selfName;
    private final HintStore store;
    private final RingView ring;
    private final int replicas;
    private final ReplicaChannel channel;
    private final Rounds rounds;
    private final KeyspaceMeters meters;
    private final double rate;
    private final Map<String, TokenBucket> buckets = new HashMap<>();
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Set<String> warned = new HashSet<>(); // "target reason"
    private volatile Scheduler.Cancellable task; // set and cancelled from the node's starting and stopping thread

    HintedHandoff(
            String selfName,
            HintStore store,
            RingView ring,
            int replicas,
            ReplicaChannel channel,
            Rounds rounds,
            KeyspaceMeters meters) {
        this.selfName = selfName;
        this.replicas = replicas;
        this.store = store;
        this.ring = ring;
        this.channel = channel;
        this.rounds = rounds;
        this.meters = meters;
        this.rate = store.config().replayRate();
        meters.watchHints(store::pending);
    }

    void start() {
        task = rounds.scheduler().scheduleAtFixedRate(TICK, TICK, this::tick);
    }

    void stop() {
        if (task != null) {
            task.cancel();
        }
    }

    /** A write round timed out with {@code silent} replicas that never answered. */
    void record(List<String> silent, String key, Versioned write) {
        long now = rounds.scheduler().nowMillis();
        for (String target : silent) {
            HintStore.Recorded recorded = store.record(target, key, write, now);
            if (recorded.kept()) {
                meters.hintRecorded();
            }
            dropped(target, "full", recorded.droppedFull().size());
        }
    }

    /**
     * This node as a stand-in ({@code --sloppy-quorum}): keeps {@code write} for {@code home}
     * among its hints, replayed like the others once {@code home} is back. Acknowledged (STORED)
     * only once durable; refused (FAILED) when sloppy quorums are off here or the hints for
     * {@code home} are at their bound; IN_MEMORY without a log.
     */
    CompletableFuture<WriteReply> hold(boolean sloppyQuorum, long requestId, String home, String key, Versioned write) {
        if (!sloppyQuorum || home.equals(selfName)) {
            return CompletableFuture.completedFuture(WriteReply.failed(requestId));
        }
        return store.hold(home, key, write, rounds.scheduler().nowMillis()).thenApply(held -> {
            switch (held) {
                case DURABLE -> {
                    meters.hintRecorded();
                    return WriteReply.stored(requestId, write.version(), 0);
                }
                case VOLATILE -> {
                    meters.hintRecorded();
                    return WriteReply.inMemory(requestId, write.version());
                }
                default -> {
                    if (held == HintStore.Held.FULL && warned.add(home + " stand-in")) {
                        log.warn(
                                "{}: refusing to stand in for {}: the hints kept for it are at their bound",
                                selfName,
                                home);
                    }
                    return WriteReply.failed(requestId);
                }
            }
        });
    }

    /** Safe from any thread. */
    int pending(String target) {
        return store.pending(target);
    }

    private void dropped(String target, String reason, int hints) {
        if (hints == 0) {
            return;
        }
        meters.hintsDropped(reason, hints);
        if (warned.add(target + " " + reason)) {
            log.warn(
                    "{}: hints for {} dropped ({}): {}; the replica will miss those writes until a read repairs them",
                    selfName,
                    target,
                    reason,
                    reason.equals("full")
                            ? "more than " + store.config().maxPerTarget() + " hints or "
                                    + store.config().maxBytesPerTarget() + " bytes kept for it, oldest dropped first"
                            : "older than the hint window of " + store.config().window());
        }
    }

    void tick() {
        List<Hint> expired = store.expire(rounds.scheduler().nowMillis());
        Map<String, Integer> byTarget = new HashMap<>();
        expired.forEach(h -> byTarget.merge(h.target(), 1, Integer::sum));
        byTarget.forEach((target, n) -> dropped(target, "expired", n));
        warned.removeIf(entry -> store.pending(entry.substring(0, entry.indexOf(' '))) == 0);
        HashRing current = ring.current();
        for (String target : store.targets()) {
            if (!current.members().contains(target)) {
                redirect(target, current);
            }
        }
        for (String target : store.targets()) {
            if (!ring.believedUp(target)) {
                buckets.remove(target); // a returning replica starts from one tick's worth, not a burst
                continue;
            }
            long now = rounds.scheduler().nowMillis();
            TokenBucket bucket = buckets.computeIfAbsent(
                    target, t -> new TokenBucket(rate, Math.max(1.0, rate * TICK.toMillis() / 1000.0), now));
            if (inFlight.getOrDefault(target, 0) > 0) {
                continue;
            }
            List<Hint> batch = store.oldest(target, bucket.takeUpTo(store.pending(target), now));
            if (batch.isEmpty()) {
                continue;
            }
            inFlight.put(target, batch.size());
            batch.forEach(this::replay);
        }
        buckets.keySet().retainAll(store.targets());
        try {
            store.snapshotIfDue();
        } catch (IOException | RuntimeException e) { // a failed or closed (stopping) log
            log.warn("{}: hint log snapshot failed: {}", selfName, e.toString());
        }
    }

    /**
     * {@code target} left the ring or was removed: no replay will ever reach it, and its hints may
     * hold acknowledged writes (a stand-in's). Each becomes a hint for every member of its key's
     * preference list now, this node included (replayed to itself like to any other), keeping
     * the time it was first recorded, so the window still counts from the write.
     */
    private void redirect(String target, HashRing current) {
        List<Hint> orphans = store.oldest(target, REDIRECTED_PER_TICK);
        for (Hint hint : orphans) {
            if (!store.delivered(target, hint.key(), hint.write().version())) {
                continue;
            }
            for (String owner : current.walk(
                    hint.key(), Math.min(replicas, current.members().size()))) {
                HintStore.Recorded recorded = store.record(owner, hint.key(), hint.write(), hint.recordedAt());
                dropped(owner, "full", recorded.droppedFull().size());
            }
        }
        if (!orphans.isEmpty() && warned.add(target + " redirected")) {
            log.info(
                    "{}: {} is off the ring (left or removed): its hints go to the new replicas of their keys",
                    selfName,
                    target);
        }
    }

    private void replay(Hint hint) {
        String target = hint.target();
        Round round = new Round(rounds, List.of(target)) {
            private final byte[] payload = ReplicaMessages.encode(new WriteRequest(id(), hint.key(), hint.write()));
            private boolean answered;

            @Override
            void onWrite(String node, WriteReply reply) {
                if (!node.equals(target) || answered) {
                    return;
                }
                answered = true;
                if (reply.status() != WriteReply.Status.FAILED
                        && store.delivered(target, hint.key(), hint.write().version())) {
                    meters.hintReplayed();
                }
                finish();
            }

            @Override
            List<String> silent() {
                return answered ? List.of() : List.of(target);
            }

            @Override
            void send(String node) {
                channel.write(node, id(), hint.key(), hint.write(), payload);
            }

            @Override
            void timedOut() {} // the hint stays: a later tick sends it again

            @Override
            void ended() {
                inFlight.computeIfPresent(target, (t, n) -> n <= 1 ? null : n - 1);
            }
        };
        round.start();
    }
}

package dev.distcounter.node.replication;

import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.ring.RingStatus;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.time.TokenBucket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams keys to their new replicas when this node's ring changes (docs/protocol.md, "Joins,
 * leaves and removal"): a pass over every key this node holds, from the ring the last finished
 * pass reached to the ring now, sending each key as an ordinary KV_WRITE to the members
 * {@link HandoverPlan} names (the replica keeps only what is newer), one small {@link Round} per
 * key and member so replies find it by request id. A change during a pass starts the pass again
 * from the start, towards the newest ring, still from the last ring a pass finished at: nothing
 * an unfinished pass missed is skipped.
 *
 * <p>Rules:
 * <ul>
 *   <li>Throttled: {@link KeyspaceConfig#streamRate()} sends a second (a key to one member), by a
 *       {@link TokenBucket} with one {@link #TICK}'s worth saved up at most.</li>
 *   <li>Bounded: at most {@link #MAX_IN_FLIGHT} sends waiting for an answer and
 *       {@link #SCAN_PER_TICK} keys looked at per call; the pass walks the store's keys without
 *       copying them.</li>
 *   <li>A send that fails or is never answered is tried again, {@link #MAX_ATTEMPTS} times in
 *       all, then counted as failed (read repair, and a later pass, may still bring it).</li>
 * </ul>
 * Reads stay correct during a move: a new member answers "nothing" until it has the key, and a
 * read answers only with a version W replicas hold ({@link ReadRound}), repairing the new member.
 * Scheduler thread only, but for {@link #progress} and the futures.
 */
final class RangeHandover implements KeyHandover {
    private static final Logger log = LoggerFactory.getLogger(RangeHandover.class);

    static final Duration TICK = Duration.ofMillis(100);
    /**
     * Sends of one key to one member, each waiting the coordinator's timeout (with one resend):
     * about five seconds, more than a connection's reconnect backoff (two seconds at most), so a
     * member that just came back is not given up on while the sender reconnects.
     */
    static final int MAX_ATTEMPTS = 5;

    static final int SCAN_PER_TICK = 20_000;
    /**
     * Sends waiting for an answer at most: well below a connection's outbound queue (256 frames,
     * past which the oldest is dropped), so a burst never pushes out heartbeats. A send that is
     * answered makes room for the next within the same tick, as long as tokens last.
     */
    static final int MAX_IN_FLIGHT = 128;

    private record Send(String key, String node, int attempt) {}

    private final String selfName;
    private final int replicas;
    private final RingView ring;
    private final ReplicaChannel channel;
    private final Rounds rounds;
    private final ReplicaStore store;
    private final double rate;
    private TokenBucket bucket; // set by start
    private final ArrayDeque<Send> ready = new ArrayDeque<>();
    private final List<Runnable> onSettled = new ArrayList<>();
    private HashRing settled; // the ring the last finished pass reached
    private HashRing target; // the ring the pass streams towards; settled when idle
    private Iterator<String> cursor; // null when idle
    private int inFlight;
    private Set<String> left = Set.of(); // members that LEFT, as of this tick
    private long failedWarned; // failures up to the last finished pass: one WARN per pass
    private boolean fresh; // started alone and empty: the first ring heard of is adopted as it is
    private final AtomicLong handedOver = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private volatile Scheduler.Cancellable task; // set and cancelled from the node's starting and stopping thread

    RangeHandover(
            String selfName,
            KeyspaceConfig config,
            RingView ring,
            ReplicaChannel channel,
            Rounds rounds,
            ReplicaStore store) {
        this.selfName = selfName;
        this.replicas = config.replicas();
        this.ring = ring;
        this.channel = channel;
        this.rounds = rounds;
        this.store = store;
        this.rate = config.streamRate();
    }

    void start() {
        settled = ring.current();
        target = settled;
        // A new node (alone on its ring, nothing held) has nothing to hand over when it first
        // hears of the others: what it receives meanwhile comes from them.
        fresh = settled.members().equals(Set.of(selfName)) && !store.keys().hasNext();
        bucket = new TokenBucket(
                rate,
                Math.max(1.0, rate * TICK.toMillis() / 1000.0),
                rounds.scheduler().nowMillis());
        task = rounds.scheduler().scheduleAtFixedRate(TICK, TICK, this::tick);
    }

    void stop() {
        if (task != null) {
            task.cancel();
        }
    }

    @Override
    public HandoverReport progress() {
        return new HandoverReport(handedOver.get(), failed.get(), pending.get(), false);
    }

    @Override
    public CompletableFuture<HandoverReport> whenSettled() {
        CompletableFuture<HandoverReport> done = new CompletableFuture<>();
        onSettled.add(() -> done.complete(new HandoverReport(handedOver.get(), failed.get(), 0, true)));
        return done;
    }

    void tick() {
        HashRing now = ring.current();
        if (fresh && !now.members().equals(target.members())) {
            fresh = false;
            settled = now;
            target = now;
        }
        if (!now.members().equals(target.members())) {
            log.info(
                    "{}: ring changed from {} to {}: streaming keys to their new replicas",
                    selfName,
                    settled.members(),
                    now.members());
            target = now;
            cursor = store.keys();
            ready.clear();
        }
        if (cursor != null) {
            left = leftMembers();
            stream();
        }
        pending.set(ready.size() + inFlight);
        if (cursor != null && !cursor.hasNext() && ready.isEmpty() && inFlight == 0) {
            log.info(
                    "{}: keys streamed for ring {} ({} handed over, {} failed so far)",
                    selfName,
                    target.members(),
                    handedOver.get(),
                    failed.get());
            settled = target;
            cursor = null;
            failedWarned = failed.get();
        }
        if (cursor == null && !onSettled.isEmpty()) {
            List<Runnable> waiting = List.copyOf(onSettled);
            onSettled.clear();
            waiting.forEach(Runnable::run);
        }
    }

    private void stream() {
        int scanned = 0;
        while (inFlight < MAX_IN_FLIGHT) {
            while (ready.isEmpty() && scanned < SCAN_PER_TICK && cursor.hasNext()) {
                plan(cursor.next());
                scanned++;
            }
            if (ready.isEmpty() || !bucket.tryTake(rounds.scheduler().nowMillis())) {
                return;
            }
            send(ready.poll());
        }
    }

    private Set<String> leftMembers() {
        Set<String> members = new TreeSet<>();
        ring.membership().entries().forEach((node, entry) -> {
            if (entry.status() == RingStatus.LEFT) {
                members.add(node);
            }
        });
        return members;
    }

    private void plan(String key) {
        List<String> before = settled.walk(key, replicas);
        List<String> after = target.walk(key, replicas);
        for (String node : HandoverPlan.targets(selfName, before, after, target.members(), left, ring::believedUp)) {
            ready.add(new Send(key, node, 1));
        }
    }

    private void send(Send send) {
        Versioned held = channel.localHeld(send.key());
        if (held == null) {
            return;
        }
        inFlight++;
        Round round = new Round(rounds, List.of(send.node())) {
            private final byte[] payload = ReplicaMessages.encode(new WriteRequest(id(), send.key(), held));
            private boolean answered;

            @Override
            void onWrite(String node, WriteReply reply) {
                if (!node.equals(send.node()) || answered) {
                    return;
                }
                answered = true;
                if (reply.status() == WriteReply.Status.FAILED) {
                    again(send, "it answered FAILED");
                } else {
                    handedOver.incrementAndGet();
                }
                finish();
            }

            @Override
            List<String> silent() {
                return answered ? List.of() : List.of(send.node());
            }

            @Override
            void send(String node) {
                channel.write(node, id(), send.key(), held, payload);
            }

            @Override
            void timedOut() {
                again(send, "no answer within " + rounds.timeout().toMillis() + " ms");
            }

            @Override
            void ended() {
                inFlight--;
                if (cursor != null) {
                    stream();
                }
            }
        };
        round.start();
    }

    private void again(Send send, String why) {
        if (send.attempt() < MAX_ATTEMPTS && cursor != null && target.members().contains(send.node())) {
            ready.add(new Send(send.key(), send.node(), send.attempt() + 1));
            return;
        }
        if (failed.getAndIncrement() == failedWarned) {
            log.warn(
                    "{}: gave up sending a key to {} after {} attempt(s): {} (more may follow; see the pass's"
                            + " summary); a read repairs it",
                    selfName,
                    send.node(),
                    send.attempt(),
                    why);
        }
    }
}

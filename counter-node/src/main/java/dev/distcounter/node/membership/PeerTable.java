package dev.distcounter.node.membership;

import dev.distcounter.common.GoDuration;
import dev.distcounter.common.NodeAddress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's membership table: every peer it knows, where it learned of it, its id and
 * incarnation, and whether it is {@link MemberState#ALIVE}, {@link MemberState#SUSPECT} or
 * {@link MemberState#DEAD} by the {@link FailureDetector} rules. Callers pass the time in, so
 * tests drive it with any clock.
 *
 * <ul>
 *   <li>Any frame from a peer (and any connection made to it) is contact: the peer is alive again.</li>
 *   <li>Silence makes it suspect, then dead ({@link #tick}); failed connection attempts make it
 *       suspect at once.</li>
 *   <li>Dead peers are left out of gossip and election but probed, one per round, so a peer that
 *       returns is noticed; a peer dead and unlisted for {@code failureTimeout} is forgotten
 *       (seeds never are).</li>
 *   <li>A new peer starts alive: the benefit of the doubt, withdrawn after {@code suspectAfter}.</li>
 * </ul>
 *
 * Thread-safe (every method is synchronized); state changes are reported to the caller of
 * {@link #tick} and {@link #heardFrom}, which in a node is its one gossip thread.
 */
public final class PeerTable {
    private static final Logger log = LoggerFactory.getLogger(PeerTable.class);

    /** A peer's state changed from {@code from} to {@code to}; {@code from} is null for a new peer. */
    public record Change(NodeAddress peer, MemberState from, MemberState to) {}

    private static final class Entry {
        final EnumSet<PeerSource> sources = EnumSet.noneOf(PeerSource.class);
        long lastContactMillis;
        long lastListedMillis;
        int failures;
        long nodeId = -1;
        long incarnation = -1;
        MemberState state = MemberState.ALIVE;
        long stateSinceMillis;
    }

    private final NodeAddress self;
    private final MembershipConfig config;
    private final TreeMap<NodeAddress, Entry> peers = new TreeMap<>();
    private final Counter deadVerdicts;

    /** {@code registry}: the node's, where dead verdicts are counted ({@code membership.dead.verdicts}). */
    public PeerTable(NodeAddress self, MembershipConfig config, MeterRegistry registry) {
        this.self = self;
        this.config = config;
        this.deadVerdicts = Counter.builder("membership.dead.verdicts")
                .description("times a peer was declared dead (false verdicts show up here under loss)")
                .register(registry);
    }

    public NodeAddress self() {
        return self;
    }

    public MembershipConfig config() {
        return config;
    }

    /**
     * {@code peer} was listed by discovery, mentioned in a peer's heartbeat, or given as a seed.
     * Not contact: only the peer itself can show it is alive. Returns the change if it is new.
     */
    public synchronized Optional<Change> learned(NodeAddress peer, PeerSource source, long now) {
        if (peer.equals(self)) {
            return Optional.empty();
        }
        boolean isNew = !peers.containsKey(peer);
        Entry e = entry(peer, source, now);
        if (source != PeerSource.INBOUND) {
            e.lastListedMillis = now;
        }
        return isNew ? Optional.of(new Change(peer, null, MemberState.ALIVE)) : Optional.empty();
    }

    /** A frame from {@code peer} arrived at {@code now}. Returns the state change, if any. */
    public synchronized Optional<Change> heardFrom(NodeAddress peer, long now) {
        if (peer.equals(self)) {
            return Optional.empty();
        }
        boolean isNew = !peers.containsKey(peer);
        Entry e = entry(peer, PeerSource.INBOUND, now);
        e.lastContactMillis = now;
        e.failures = 0;
        if (isNew) {
            return Optional.of(new Change(peer, null, MemberState.ALIVE));
        }
        return transition(peer, e, MemberState.ALIVE, now);
    }

    /** A connection to {@code peer} was made at {@code now}: contact, as a frame would be. */
    public synchronized Optional<Change> connected(NodeAddress peer, long now) {
        Entry e = peers.get(peer);
        if (e == null) {
            return Optional.empty();
        }
        e.lastContactMillis = now;
        e.failures = 0;
        return transition(peer, e, MemberState.ALIVE, now);
    }

    /** A connection attempt to {@code peer} failed. Takes effect at the next {@link #tick}. */
    public synchronized void sendFailed(NodeAddress peer, String reason) {
        Entry e = peers.get(peer);
        if (e != null && ++e.failures == config.maxFails()) {
            log.info("{}: {} failed connection attempts to {} ({})", self, e.failures, peer, reason);
        }
    }

    /** What a peer's heartbeat says about itself. */
    public synchronized void identified(NodeAddress peer, long nodeId, long incarnation) {
        Entry e = peers.get(peer);
        if (e == null) {
            return;
        }
        if (e.incarnation != -1 && incarnation != e.incarnation) {
            log.info("{}: peer {} restarted (incarnation {} -> {})", self, peer, e.incarnation, incarnation);
        }
        e.nodeId = nodeId;
        e.incarnation = incarnation;
    }

    /**
     * Applies the timeout rules at {@code now}: state changes (logged, one line each, and
     * returned) and forgotten peers (logged).
     */
    public synchronized List<Change> tick(long now) {
        List<Change> changes = new ArrayList<>();
        for (var it = peers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<NodeAddress, Entry> next = it.next();
            NodeAddress peer = next.getKey(); // read first: TreeMap may reuse the entry on removal
            Entry e = next.getValue();
            long silence = now - e.lastContactMillis;
            MemberState state = FailureDetector.state(silence, e.failures, config);
            transition(peer, e, state, now).ifPresent(changes::add);
            if (state == MemberState.DEAD
                    && !e.sources.contains(PeerSource.SEED)
                    && FailureDetector.forgotten(silence, now - e.lastListedMillis, config)) {
                it.remove();
                log.info(
                        "{}: forgetting peer {}: silent for {} and not listed",
                        self,
                        peer,
                        GoDuration.format(Duration.ofMillis(silence)));
            }
        }
        return changes;
    }

    private Optional<Change> transition(NodeAddress peer, Entry e, MemberState to, long now) {
        MemberState from = e.state;
        if (from == to) {
            return Optional.empty();
        }
        e.state = to;
        e.stateSinceMillis = now;
        if (to == MemberState.DEAD) {
            deadVerdicts.increment();
        }
        long silence = now - e.lastContactMillis;
        if (to == MemberState.ALIVE) {
            log.info("{}: peer {} is ALIVE again", self, peer);
        } else {
            log.warn(
                    "{}: peer {} is now {} (silent for {}, {} failed connection attempts)",
                    self,
                    peer,
                    to,
                    GoDuration.format(Duration.ofMillis(silence)),
                    e.failures);
        }
        return Optional.of(new Change(peer, from, to));
    }

    private Entry entry(NodeAddress peer, PeerSource source, long now) {
        Entry e = peers.get(peer);
        if (e == null) {
            e = new Entry();
            e.lastContactMillis = now; // the benefit of the doubt
            e.lastListedMillis = now;
            e.stateSinceMillis = now;
            peers.put(peer, e);
            log.info("{}: new peer {} (via {})", self, peer, source.name().toLowerCase(Locale.ROOT));
        }
        e.sources.add(source);
        return e;
    }

    /** Peers that are not dead (alive or suspect), sorted: who gossip and election talk to. */
    public synchronized List<NodeAddress> live() {
        List<NodeAddress> out = new ArrayList<>();
        peers.forEach((address, e) -> {
            if (e.state != MemberState.DEAD) {
                out.add(address);
            }
        });
        return out;
    }

    /** Up to {@code count} live peers, chosen at random. */
    public synchronized List<NodeAddress> randomLive(int count, Random random) {
        return pick(live(), count, random);
    }

    /** One dead peer to probe, at random, or none. */
    public synchronized List<NodeAddress> randomDead(Random random) {
        List<NodeAddress> dead = new ArrayList<>();
        peers.forEach((address, e) -> {
            if (e.state == MemberState.DEAD) {
                dead.add(address);
            }
        });
        return pick(dead, 1, random);
    }

    private static List<NodeAddress> pick(List<NodeAddress> from, int count, Random random) {
        if (from.size() > count) {
            Collections.shuffle(from, random);
            return new ArrayList<>(from.subList(0, count));
        }
        return from;
    }

    public synchronized int liveCount() {
        int n = 0;
        for (Entry e : peers.values()) {
            if (e.state != MemberState.DEAD) {
                n++;
            }
        }
        return n;
    }

    /** The state of {@code peer}, or empty if unknown. */
    public synchronized Optional<MemberState> state(NodeAddress peer) {
        Entry e = peers.get(peer);
        return e == null ? Optional.empty() : Optional.of(e.state);
    }

    /** The node id {@code peer} announced, or -1 if it has not yet. */
    public synchronized long nodeId(NodeAddress peer) {
        Entry e = peers.get(peer);
        return e == null ? -1 : e.nodeId;
    }

    /** How many times a peer was declared dead since start (false verdicts show up here under loss). */
    public long deadVerdicts() {
        return (long) deadVerdicts.count();
    }

    /** How many known peers are in {@code state} now. */
    public synchronized int count(MemberState state) {
        int n = 0;
        for (Entry e : peers.values()) {
            if (e.state == state) {
                n++;
            }
        }
        return n;
    }

    /** Everything known, sorted by address, as of {@code now}. */
    public synchronized List<Member> members(long now) {
        List<Member> out = new ArrayList<>();
        peers.forEach((address, e) -> out.add(new Member(
                address,
                e.nodeId,
                e.incarnation,
                e.state,
                EnumSet.copyOf(e.sources),
                now - e.lastContactMillis,
                now - e.stateSinceMillis,
                e.failures)));
        return out;
    }
}

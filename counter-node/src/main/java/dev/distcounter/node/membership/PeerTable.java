package dev.distcounter.node.membership;

import dev.distcounter.common.GoDuration;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.gossip.Episodes;
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
import java.util.stream.Collectors;
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
 *   <li>A peer only told of (by discovery or another node's heartbeat) is a hint,
 *       {@link MemberState#UNCONFIRMED}, until a frame from it arrives: it is not gossiped with,
 *       not in the election, not listed in heartbeats, only probed ({@link #hintsToProbe}), so
 *       made-up members cost no connections and do not spread. The table holds at most
 *       {@code --max-members} rows, a quarter of them hints ({@link MemberCap}); refusals are
 *       counted ({@code membership.refused}) and warned about once per episode.</li>
 * </ul>
 *
 * Thread-safe (every method is synchronized); state changes are reported to the caller of
 * {@link #tick} and {@link #heardFrom}, which in a node is its one gossip thread.
 */
public final class PeerTable {
    private static final Logger log = LoggerFactory.getLogger(PeerTable.class);
    /** Refusals this far apart are separate episodes, each with a WARN line. */
    private static final Duration QUIET_BETWEEN_WARNINGS = Duration.ofMinutes(1);

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
        long lastProbedMillis = Long.MIN_VALUE;

        boolean hint() {
            return state == MemberState.UNCONFIRMED;
        }
    }

    private final NodeAddress self;
    private final MembershipConfig config;
    private final TreeMap<NodeAddress, Entry> peers = new TreeMap<>();
    private final Counter deadVerdicts;
    private final Counter hintsRefused;
    private final Counter membersRefused;
    private final Episodes refusals = new Episodes(QUIET_BETWEEN_WARNINGS);
    private int hints; // rows in state UNCONFIRMED

    /**
     * {@code registry}: the node's, where dead verdicts ({@code membership.dead.verdicts}) and peers
     * refused by the cap ({@code membership.refused{kind=hint|member}}) are counted.
     */
    public PeerTable(NodeAddress self, MembershipConfig config, MeterRegistry registry) {
        this.self = self;
        this.config = config;
        this.deadVerdicts = Counter.builder("membership.dead.verdicts")
                .description("times a peer was declared dead (false verdicts show up here under loss)")
                .register(registry);
        this.hintsRefused = refused(registry, "hint");
        this.membersRefused = refused(registry, "member");
    }

    private static Counter refused(MeterRegistry registry, String kind) {
        return Counter.builder("membership.refused")
                .description("new peers left out of a full membership table: hints (told of) or members (heard from)")
                .tag("kind", kind)
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
        if (source == PeerSource.SEED) {
            return seeded(peer, now);
        }
        Entry e = peers.get(peer);
        if (e == null) {
            if (config.cap().newHint(members(), hints) == MemberCap.Verdict.REFUSE) {
                refuse(hintsRefused, peer, "told of by " + source.name().toLowerCase(Locale.ROOT), now);
                return Optional.empty();
            }
            e = new Entry();
            e.state = MemberState.UNCONFIRMED;
            e.lastContactMillis = now;
            e.stateSinceMillis = now;
            peers.put(peer, e);
            hints++;
            // One line per made-up member would be a log flood under attack: DEBUG.
            log.debug("{}: new hint {} (via {})", self, peer, source.name().toLowerCase(Locale.ROOT));
            e.sources.add(source);
            e.lastListedMillis = now;
            return Optional.of(new Change(peer, null, MemberState.UNCONFIRMED));
        }
        e.sources.add(source);
        if (source != PeerSource.INBOUND) {
            e.lastListedMillis = now;
        }
        return Optional.empty();
    }

    /**
     * {@code --seeds} named {@code peer}: a member from the start, as before there were hints. The
     * operator chose it, and a node that joins must talk to someone for anyone to hear of it.
     */
    private Optional<Change> seeded(NodeAddress peer, long now) {
        Entry e = peers.get(peer);
        if (e == null) {
            e = admitMember(peer, "given as a seed", now);
            if (e == null) {
                return Optional.empty();
            }
            e.sources.add(PeerSource.SEED);
            log.info("{}: new peer {} (via seed)", self, peer);
            return Optional.of(new Change(peer, null, MemberState.ALIVE));
        }
        e.sources.add(PeerSource.SEED);
        e.lastListedMillis = now;
        return e.hint() ? Optional.of(confirm(peer, e, now)) : Optional.empty();
    }

    /** A frame from {@code peer} arrived at {@code now}. Returns the state change, if any. */
    public synchronized Optional<Change> heardFrom(NodeAddress peer, long now) {
        if (peer.equals(self)) {
            return Optional.empty();
        }
        Entry e = peers.get(peer);
        boolean isNew = e == null;
        if (isNew) {
            e = admitMember(peer, "heard from", now);
            if (e == null) {
                return Optional.empty();
            }
            log.info("{}: new peer {} (via inbound)", self, peer);
        }
        e.sources.add(PeerSource.INBOUND);
        e.lastContactMillis = now;
        e.failures = 0;
        if (e.hint()) {
            return Optional.of(confirm(peer, e, now));
        }
        if (isNew) {
            return Optional.of(new Change(peer, null, MemberState.ALIVE));
        }
        return transition(peer, e, MemberState.ALIVE, now);
    }

    /** A new member's row (alive), making room by dropping a hint if need be; null if the table is full of members. */
    private Entry admitMember(NodeAddress peer, String how, long now) {
        MemberCap.Verdict verdict = config.cap().newMember(members(), hints);
        if (verdict == MemberCap.Verdict.REFUSE) {
            refuse(membersRefused, peer, how, now);
            return null;
        }
        if (verdict == MemberCap.Verdict.ADMIT_REPLACING_A_HINT) {
            dropOldestHint();
        }
        Entry e = new Entry();
        e.lastContactMillis = now; // the benefit of the doubt
        e.lastListedMillis = now;
        e.stateSinceMillis = now;
        peers.put(peer, e);
        return e;
    }

    /** Hint {@code e} is a member from now on. */
    private Change confirm(NodeAddress peer, Entry e, long now) {
        hints--;
        log.info("{}: heard from {} directly: a member now (was a hint via {})", self, peer, sourceNames(e));
        e.state = MemberState.ALIVE;
        e.stateSinceMillis = now;
        e.lastContactMillis = now;
        return new Change(peer, MemberState.UNCONFIRMED, MemberState.ALIVE);
    }

    /**
     * A connection to {@code peer} was made at {@code now}: contact, as a frame would be, for a
     * member. Not for a hint: something listening at a made-up address is not the peer speaking.
     */
    public synchronized Optional<Change> connected(NodeAddress peer, long now) {
        Entry e = peers.get(peer);
        if (e == null || e.hint()) {
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
            if (e.hint()) {
                // Hints have no failure detection (they were never alive); they go when unlisted.
                if (now - e.lastListedMillis >= config.failureTimeout().toMillis()) {
                    it.remove();
                    hints--;
                    log.debug("{}: forgetting hint {}: never heard from and not listed", self, peer);
                }
                continue;
            }
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

    /** A peer beyond the cap was left out: counted, and a WARN line at the first of an episode. */
    private void refuse(Counter counter, NodeAddress peer, String how, long now) {
        counter.increment();
        if (refusals.opens(now)) {
            log.warn(
                    "{}: membership table full, leaving out {} ({}): {} members and {} hints held, --max-members {}"
                            + " (hints at most {}); counted in membership.refused, warned again after {} s without a"
                            + " refusal",
                    self,
                    peer,
                    how,
                    members(),
                    hints,
                    config.cap().maxMembers(),
                    config.cap().hintLimit(),
                    QUIET_BETWEEN_WARNINGS.toSeconds());
        }
    }

    /** Rows of peers heard from directly. */
    private int members() {
        return peers.size() - hints;
    }

    /** Makes room for a member: drops the hint listed longest ago. */
    private void dropOldestHint() {
        NodeAddress oldest = null;
        Entry oldestEntry = null;
        for (Map.Entry<NodeAddress, Entry> row : peers.entrySet()) {
            Entry e = row.getValue();
            if (e.hint() && (oldestEntry == null || e.lastListedMillis < oldestEntry.lastListedMillis)) {
                oldest = row.getKey();
                oldestEntry = e;
            }
        }
        if (oldest != null) {
            peers.remove(oldest);
            hints--;
            log.debug("{}: dropping hint {} to make room for a peer heard from directly", self, oldest);
        }
    }

    private static String sourceNames(Entry e) {
        return e.sources.stream()
                .map(source -> source.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    /**
     * Up to {@code count} hints to probe this round, at {@code now}, those probed longest ago
     * first: a flood of made-up members costs at most {@code count} connection attempts per round,
     * while a real newcomer is reached in turn.
     */
    public synchronized List<NodeAddress> hintsToProbe(int count, long now) {
        List<NodeAddress> out = new ArrayList<>();
        List<Map.Entry<NodeAddress, Entry>> others = new ArrayList<>();
        peers.forEach((address, e) -> {
            if (e.hint()) {
                others.add(Map.entry(address, e));
            }
        });
        others.sort(Map.Entry.comparingByValue((a, b) -> Long.compare(a.lastProbedMillis, b.lastProbedMillis)));
        for (Map.Entry<NodeAddress, Entry> row : others.subList(0, Math.min(count, others.size()))) {
            out.add(row.getKey());
            row.getValue().lastProbedMillis = now;
        }
        return out;
    }

    /** Hints held: peers told of, never heard from. */
    public synchronized int hints() {
        return hints;
    }

    /** New peers left out of the full table since start, hints and members; safe from any thread. */
    public long refused() {
        return (long) (hintsRefused.count() + membersRefused.count());
    }

    /**
     * Members that are not dead (alive or suspect), sorted: who gossip and election talk to, and
     * whom heartbeats list. Hints are not among them.
     */
    public synchronized List<NodeAddress> live() {
        List<NodeAddress> out = new ArrayList<>();
        peers.forEach((address, e) -> {
            if (e.state == MemberState.ALIVE || e.state == MemberState.SUSPECT) {
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
            if (e.state == MemberState.ALIVE || e.state == MemberState.SUSPECT) {
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

package dev.distcounter.node.membership;

import dev.distcounter.common.NodeAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every peer a node knows, where it learned of it, and whether it can currently be reached.
 * Pure bookkeeping: callers pass the time in, so tests drive it with any clock.
 *
 * <p>Rules (the original's {@code --max-fails} and {@code --failure-timeout}):
 * <ul>
 *   <li>a frame from a peer, or a connection to it, resets its failures;</li>
 *   <li>after {@code maxFails} failed connection attempts in a row it is unreachable: left out
 *       of gossip targets, but probed once per round, so it comes back on its own;</li>
 *   <li>a peer neither heard from nor listed by discovery for {@code failureTimeout} is forgotten.</li>
 * </ul>
 * Thread-safe (every method is synchronized): gossip, transport and HTTP threads all use it.
 */
public final class PeerTable {
    private static final Logger log = LoggerFactory.getLogger(PeerTable.class);

    private static final class Entry {
        final EnumSet<PeerSource> sources = EnumSet.noneOf(PeerSource.class);
        long addedMillis;
        long lastContactMillis;
        long lastListedMillis;
        int failures;
    }

    private final NodeAddress self;
    private final PeerConfig config;
    private final TreeMap<NodeAddress, Entry> peers = new TreeMap<>();

    public PeerTable(NodeAddress self, PeerConfig config) {
        this.self = self;
        this.config = config;
    }

    /** Discovery listed {@code peer} (or another source mentioned it) at {@code now}. */
    public synchronized void listed(NodeAddress peer, PeerSource source, long now) {
        Entry e = entry(peer, source, now);
        if (e != null && source == PeerSource.DISCOVERY) {
            e.lastListedMillis = now;
        }
    }

    /** A frame from {@code peer} arrived at {@code now}. */
    public synchronized void heardFrom(NodeAddress peer, long now) {
        contact(entry(peer, PeerSource.INBOUND, now), peer, now);
    }

    /** A connection to {@code peer} was made at {@code now}. */
    public synchronized void connected(NodeAddress peer, long now) {
        contact(peers.get(peer), peer, now);
    }

    private void contact(Entry e, NodeAddress peer, long now) {
        if (e == null) {
            return;
        }
        if (e.failures >= config.maxFails()) {
            log.info("{}: peer {} is reachable again", self, peer);
        }
        e.failures = 0;
        e.lastContactMillis = now;
    }

    /** A connection attempt to {@code peer} failed. */
    public synchronized void sendFailed(NodeAddress peer, String reason) {
        Entry e = peers.get(peer);
        if (e == null) {
            return;
        }
        e.failures++;
        if (e.failures == config.maxFails()) {
            log.warn("{}: peer {} unreachable after {} failed attempts ({}); leaving it out of gossip", self, peer,
                    e.failures, reason);
        }
    }

    private Entry entry(NodeAddress peer, PeerSource source, long now) {
        if (peer.equals(self)) {
            return null;
        }
        Entry e = peers.get(peer);
        if (e == null) {
            e = new Entry();
            e.addedMillis = now;
            peers.put(peer, e);
            log.info("{}: new peer {} (via {})", self, peer, source.name().toLowerCase());
        }
        e.sources.add(source);
        return e;
    }

    /** Forgets peers silent and unlisted for longer than the failure timeout; returns how many. */
    public synchronized int expire(long now) {
        long limit = config.failureTimeout().toMillis();
        int removed = 0;
        for (var it = peers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<NodeAddress, Entry> next = it.next();
            NodeAddress peer = next.getKey(); // read first: TreeMap may reuse the entry on removal
            Entry e = next.getValue();
            long lastSign = Math.max(e.addedMillis, Math.max(e.lastContactMillis, e.lastListedMillis));
            if (now - lastSign > limit) {
                it.remove();
                removed++;
                log.info("{}: forgetting peer {}: no contact and not listed for {} ms", self, peer, now - lastSign);
            }
        }
        return removed;
    }

    /** Reachable peers, sorted. */
    public synchronized List<NodeAddress> reachable() {
        List<NodeAddress> out = new ArrayList<>();
        peers.forEach((address, e) -> {
            if (e.failures < config.maxFails()) {
                out.add(address);
            }
        });
        return out;
    }

    /** Up to {@code count} reachable peers, chosen at random. */
    public synchronized List<NodeAddress> randomReachable(int count, Random random) {
        return pick(reachable(), count, random);
    }

    /** One unreachable peer to probe, at random, or none. */
    public synchronized List<NodeAddress> randomUnreachable(Random random) {
        List<NodeAddress> down = new ArrayList<>();
        peers.forEach((address, e) -> {
            if (e.failures >= config.maxFails()) {
                down.add(address);
            }
        });
        return pick(down, 1, random);
    }

    private static List<NodeAddress> pick(List<NodeAddress> from, int count, Random random) {
        if (from.size() > count) {
            Collections.shuffle(from, random);
            return new ArrayList<>(from.subList(0, count));
        }
        return from;
    }

    public synchronized int reachableCount() {
        int n = 0;
        for (Entry e : peers.values()) {
            if (e.failures < config.maxFails()) {
                n++;
            }
        }
        return n;
    }

    /** Everything known, sorted by address. */
    public synchronized List<Peer> all() {
        List<Peer> out = new ArrayList<>();
        peers.forEach((address, e) -> out.add(new Peer(address, EnumSet.copyOf(e.sources), e.lastContactMillis,
                e.lastListedMillis, e.failures, e.failures < config.maxFails())));
        return out;
    }
}

package dev.distcounter.discovery;

import dev.distcounter.common.Contracts;
import dev.distcounter.common.NodeAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The peers the discovery server knows and when each was last heard from. Pure state: no I/O,
 * time comes from the injected clock. Thread-safe.
 *
 * <p>A peer is live while at most {@code ttl} has passed since it was last heard from (the
 * original dropped a peer only once its silence <em>exceeded</em> the cleanup interval). An
 * expired peer is treated as absent everywhere, so readers never depend on when
 * {@link #expire()} last ran.
 */
public final class PeerRegistry {
    private static final Comparator<Peer> BY_ADDR =
            Comparator.comparing(p -> p.addr().toString());

    /** The default of {@code --max-nodes}: far more than a cluster of this counter has. */
    public static final int DEFAULT_MAX_PEERS = 256;

    private final Duration ttl;
    private final Clock clock;
    private final int maxPeers;
    private final Map<NodeAddress, Instant> lastSeen = new HashMap<>();

    public PeerRegistry(Duration ttl, Clock clock) {
        this(ttl, clock, DEFAULT_MAX_PEERS);
    }

    /** {@code maxPeers}: the most live peers held; a new one beyond is refused ({@link RegistryFullException}). */
    public PeerRegistry(Duration ttl, Clock clock, int maxPeers) {
        Contracts.checkNotNull(ttl, "ttl");
        Contracts.check(ttl.compareTo(Duration.ZERO) > 0, "ttl is positive");
        Contracts.check(maxPeers > 0, "maxPeers is positive");
        this.ttl = ttl;
        this.clock = Contracts.checkNotNull(clock, "clock");
        this.maxPeers = maxPeers;
    }

    public int maxPeers() {
        return maxPeers;
    }

    /**
     * Adds {@code addr} or refreshes its last-seen time.
     *
     * @throws RegistryFullException {@code addr} is new and {@link #maxPeers()} are live
     */
    public synchronized RegistryUpdate register(NodeAddress addr) {
        return touch(addr);
    }

    /**
     * Refreshes {@code addr}; an unknown address is registered, so nodes reappear by
     * themselves after the discovery server restarts.
     *
     * @throws RegistryFullException {@code addr} is new and {@link #maxPeers()} are live
     */
    public synchronized RegistryUpdate heartbeat(NodeAddress addr) {
        return touch(addr);
    }

    /** Removes {@code addr}; removing an unknown address is not an error. */
    public synchronized RegistryUpdate deregister(NodeAddress addr) {
        Contracts.checkNotNull(addr, "addr");
        Instant now = clock.instant();
        Instant seen = lastSeen.remove(addr);
        boolean wasKnown = seen != null && isLive(seen, now);
        return new RegistryUpdate(wasKnown, liveCount(now));
    }

    /** The live peers, sorted by their {@code host:port} text as the original listed them. */
    public synchronized List<Peer> livePeers() {
        Instant now = clock.instant();
        List<Peer> peers = new ArrayList<>(lastSeen.size());
        for (Map.Entry<NodeAddress, Instant> e : lastSeen.entrySet()) {
            if (isLive(e.getValue(), now)) {
                peers.add(new Peer(e.getKey(), e.getValue()));
            }
        }
        peers.sort(BY_ADDR);
        return peers;
    }

    /** Whether {@code addr} is listed now. */
    public synchronized boolean isLive(NodeAddress addr) {
        Instant seen = lastSeen.get(addr);
        return seen != null && isLive(seen, clock.instant());
    }

    public synchronized int liveCount() {
        return liveCount(clock.instant());
    }

    /** Forgets every expired peer and returns them, in address order. */
    public synchronized List<DroppedPeer> expire() {
        Instant now = clock.instant();
        List<DroppedPeer> dropped = new ArrayList<>();
        for (Iterator<Map.Entry<NodeAddress, Instant>> it = lastSeen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<NodeAddress, Instant> e = it.next();
            if (!isLive(e.getValue(), now)) {
                dropped.add(new DroppedPeer(e.getKey(), Duration.between(e.getValue(), now)));
                it.remove();
            }
        }
        dropped.sort(Comparator.comparing(d -> d.addr().toString()));
        return dropped;
    }

    private RegistryUpdate touch(NodeAddress addr) {
        Contracts.checkNotNull(addr, "addr");
        Instant now = clock.instant();
        Instant known = lastSeen.get(addr);
        if ((known == null || !isLive(known, now)) && liveCount(now) >= maxPeers) {
            throw new RegistryFullException(maxPeers);
        }
        Instant previous = lastSeen.put(addr, now);
        boolean wasKnown = previous != null && isLive(previous, now);
        return new RegistryUpdate(wasKnown, liveCount(now));
    }

    private int liveCount(Instant now) {
        int live = 0;
        for (Instant seen : lastSeen.values()) {
            if (isLive(seen, now)) {
                live++;
            }
        }
        return live;
    }

    private boolean isLive(Instant seen, Instant now) {
        // A clock that stepped backwards makes the silence negative: still live, not an error.
        return Duration.between(seen, now).compareTo(ttl) <= 0;
    }
}

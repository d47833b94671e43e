package dev.distcounter.node.antientropy;

import dev.distcounter.node.kv.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tombstones this replica may drop (docs/guarantees.md, "Tombstones"): one whose version's
 * stamp is older than the grace period (longer than the hint window, so no hint of an older
 * write is still kept anywhere), and that every other replica of its key on the current ring was
 * seen holding at that very version, by anti-entropy (equal range roots, or equal digests).
 *
 * <p>Only tombstones already past the grace period are tracked, and a key is forgotten as soon as
 * this replica holds anything else for it, so what it keeps is bounded by the tombstones held.
 * Confined: one thread.
 */
final class TombstoneCollector {
    /**
     * A tombstone that may be dropped everywhere: every replica but this one, at the time, was seen
     * holding it ({@code holders}); the caller checks they are still all the others.
     */
    record Ready(String key, Version version, Set<String> holders) {}

    private record Seen(Version version, Set<String> peers) {}

    private final String self;
    private final long graceMillis;
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, Seen> ready = new LinkedHashMap<>();

    TombstoneCollector(String self, Duration grace) {
        this.self = self;
        this.graceMillis = grace.toMillis();
    }

    /** Whether a tombstone at {@code version} is older than the grace period at {@code nowMillis}. */
    boolean pastGrace(Version version, long nowMillis) {
        return nowMillis - version.stamp() / 1000 > graceMillis; // stamps are the coordinator's microseconds
    }

    /**
     * {@code peer} holds the tombstone at {@code version} of {@code key}, as this replica does;
     * {@code replicas}: the key's preference list on the current ring.
     */
    void seen(String key, Version version, String peer, List<String> replicas, long nowMillis) {
        if (!pastGrace(version, nowMillis) || !replicas.contains(self) || !replicas.contains(peer)) {
            return;
        }
        Seen s = seen.get(key);
        if (s == null || !s.version().equals(version)) {
            s = new Seen(version, new HashSet<>());
            seen.put(key, s);
            ready.remove(key);
        }
        s.peers().add(peer);
        Set<String> others = new HashSet<>(replicas);
        others.remove(self);
        if (s.peers().containsAll(others)) {
            ready.put(key, s);
        }
    }

    /** This replica no longer holds a tombstone for {@code key} (a newer write, or dropped). */
    void forget(String key) {
        seen.remove(key);
        ready.remove(key);
    }

    /** Up to {@code max} tombstones every replica holds, oldest ready first; no longer tracked. */
    List<Ready> takeReady(int max) {
        List<Ready> taken = new ArrayList<>();
        Iterator<Map.Entry<String, Seen>> it = ready.entrySet().iterator();
        while (it.hasNext() && taken.size() < max) {
            Map.Entry<String, Seen> e = it.next();
            taken.add(new Ready(
                    e.getKey(), e.getValue().version(), Set.copyOf(e.getValue().peers())));
            it.remove();
            seen.remove(e.getKey());
        }
        return taken;
    }

    int tracked() {
        return seen.size();
    }
}

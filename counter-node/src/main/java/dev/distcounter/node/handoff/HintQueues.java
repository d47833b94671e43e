package dev.distcounter.node.handoff;

import dev.distcounter.node.kv.Version;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hints held, one queue per target, oldest first. State only, no I/O: {@link HintStore} logs
 * what changes here, and its recovery replays the same changes into a new one.
 *
 * <p>Rules:
 * <ul>
 *   <li>At most one hint per (target, key): a newer version replaces the held one (and becomes
 *       the newest of the queue); an older or equal one is ignored.</li>
 *   <li>A queue holds at most {@link HintConfig#maxPerTarget()} hints and
 *       {@link HintConfig#maxBytesPerTarget()} bytes: adding past either drops the oldest first
 *       (the one just added is never dropped, so one hint alone always fits).</li>
 *   <li>A hint is removed as delivered only if the held one is not newer than what was
 *       delivered: a newer hint recorded meanwhile stays.</li>
 * </ul>
 */
final class HintQueues {
    private final HintConfig config;
    private final Map<String, Queue> queues = new TreeMap<>();
    private long pending;

    HintQueues(HintConfig config) {
        this.config = config;
    }

    /** One target's hints by key, in the order they were recorded (oldest first), and their bytes. */
    private static final class Queue {
        final LinkedHashMap<String, Hint> hints = new LinkedHashMap<>();
        long bytes;
    }

    /** What {@link #add} did. */
    record Added(boolean kept, List<Hint> droppedFull) {}

    Added add(Hint hint) {
        Queue queue = queues.computeIfAbsent(hint.target(), t -> new Queue());
        Hint held = queue.hints.get(hint.key());
        if (held != null) {
            if (!hint.write().supersedes(held.write())) {
                return new Added(false, List.of());
            }
            take(queue, held);
        }
        queue.hints.put(hint.key(), hint);
        queue.bytes += hint.bytes();
        pending++;
        List<Hint> dropped = new ArrayList<>();
        while (queue.hints.size() > 1
                && (queue.hints.size() > config.maxPerTarget() || queue.bytes > config.maxBytesPerTarget())) {
            Hint oldest = queue.hints.values().iterator().next();
            take(queue, oldest);
            dropped.add(oldest);
        }
        return new Added(true, dropped);
    }

    /**
     * Whether {@code hint} would be kept without dropping another: its queue has room for it, or
     * already holds a hint as new for its key (a stand-in of a sloppy quorum refuses rather than
     * drop a write it acknowledged).
     */
    boolean hasRoom(Hint hint) {
        Queue queue = queues.get(hint.target());
        if (queue == null) {
            return true;
        }
        Hint held = queue.hints.get(hint.key());
        if (held != null && !hint.write().supersedes(held.write())) {
            return true;
        }
        int count = queue.hints.size() + (held == null ? 1 : 0);
        long bytes = queue.bytes + hint.bytes() - (held == null ? 0 : held.bytes());
        return count <= config.maxPerTarget() && bytes <= config.maxBytesPerTarget();
    }

    /** Removes the hint for (target, key) unless it is newer than {@code delivered}; returns it, or null. */
    Hint remove(String target, String key, Version delivered) {
        Queue queue = queues.get(target);
        Hint held = queue == null ? null : queue.hints.get(key);
        if (held == null || held.write().version().newerThan(delivered)) {
            return null;
        }
        take(queue, held);
        if (queue.hints.isEmpty()) {
            queues.remove(target);
        }
        return held;
    }

    private void take(Queue queue, Hint hint) {
        queue.hints.remove(hint.key());
        queue.bytes -= hint.bytes();
        pending--;
    }

    /** Hints recorded at or before {@code cutoff}: the ones a window ending now has let go. */
    List<Hint> olderThan(long cutoff) {
        List<Hint> out = new ArrayList<>();
        for (Queue queue : queues.values()) {
            for (Hint hint : queue.hints.values()) {
                if (hint.recordedAt() > cutoff) {
                    break; // oldest first: the rest are newer
                }
                out.add(hint);
            }
        }
        return out;
    }

    /** Up to {@code limit} of {@code target}'s hints, oldest first. */
    List<Hint> oldest(String target, int limit) {
        Queue queue = queues.get(target);
        if (queue == null) {
            return List.of();
        }
        List<Hint> out = new ArrayList<>(Math.min(limit, queue.hints.size()));
        Iterator<Hint> it = queue.hints.values().iterator();
        while (out.size() < limit && it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    /** Targets with at least one hint, sorted. */
    List<String> targets() {
        return List.copyOf(queues.keySet());
    }

    long pending() {
        return pending;
    }

    int pending(String target) {
        Queue queue = queues.get(target);
        return queue == null ? 0 : queue.hints.size();
    }

    long bytes(String target) {
        Queue queue = queues.get(target);
        return queue == null ? 0 : queue.bytes;
    }

    /** Every hint, each queue oldest first (what a snapshot holds, in the order to replay it). */
    List<Hint> all() {
        List<Hint> out = new ArrayList<>();
        for (Queue queue : queues.values()) {
            out.addAll(queue.hints.values());
        }
        return out;
    }
}

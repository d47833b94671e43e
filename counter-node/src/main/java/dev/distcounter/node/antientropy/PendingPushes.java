package dev.distcounter.node.antientropy;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * Keys this replica has found it must send to peers, oldest first, each once however often an
 * exchange finds it again. Bounded: past {@code capacity} new ones are refused (the next exchange
 * finds them again), so no peer can make a replica hold more. Confined: one thread.
 */
final class PendingPushes {
    /** A key to send to a peer, as it is held when it is sent. */
    record Push(String peer, String key) {}

    private final int capacity;
    private final LinkedHashSet<Push> pending = new LinkedHashSet<>();

    PendingPushes(int capacity) {
        this.capacity = capacity;
    }

    /** Whether it was queued (or already was); false when full. */
    boolean add(String peer, String key) {
        Push push = new Push(peer, key);
        if (pending.contains(push)) {
            return true;
        }
        if (pending.size() >= capacity) {
            return false;
        }
        return pending.add(push);
    }

    /** The oldest push, removed; null when none. */
    Push next() {
        Iterator<Push> it = pending.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Push push = it.next();
        it.remove();
        return push;
    }

    int size() {
        return pending.size();
    }

    /** Whether fewer than half are used: room for another exchange's findings. */
    boolean roomy() {
        return pending.size() < capacity / 2;
    }
}

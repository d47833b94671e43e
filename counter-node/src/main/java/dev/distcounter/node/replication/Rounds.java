package dev.distcounter.node.replication;

import dev.distcounter.node.time.Scheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The coordinator's rounds in flight, by request id, so replies find their round. Ids start at a
 * random number, so replies meant for an earlier run of this node match nothing. Scheduler
 * thread only; at most one round per client request in flight, each gone by its timeout.
 */
final class Rounds {
    private final Scheduler scheduler;
    private final Duration timeout;
    private final Map<Long, Round> inFlight = new HashMap<>();
    private long nextId;

    Rounds(Scheduler scheduler, Duration timeout, long firstId) {
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.nextId = firstId;
    }

    long nextId() {
        return nextId++;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    Duration timeout() {
        return timeout;
    }

    void register(Round round) {
        inFlight.put(round.id(), round);
    }

    /** Whether {@code round} was still registered. */
    boolean unregister(Round round) {
        return inFlight.remove(round.id(), round);
    }

    /** The round waiting for replies to {@code id}, or null. */
    Round get(long id) {
        return inFlight.get(id);
    }
}

package dev.distcounter.common.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that large request bodies may hold at once, across one server. The first
 * {@link RequestBodyReader#MAX_BODY_BYTES} of every body are free: at most
 * {@link ServerSettings#readers()} bodies are read at once, so those are bounded already. What a
 * body of a route with a larger limit ({@link Route#withMaxBody}) holds beyond them is taken from
 * here as its buffer grows, and given back once its reply is sent, so that the body and what its
 * handler makes of it while the reply is pending (a value on its way to replicas) stay bounded
 * however many clients send large bodies at once. Thread-safe.
 */
final class BodyBudget {
    private final long total;
    private final AtomicLong free;

    BodyBudget(long total) {
        if (total < 0) {
            throw new IllegalArgumentException("a body budget cannot be negative, not " + total);
        }
        this.total = total;
        this.free = new AtomicLong(total);
    }

    long total() {
        return total;
    }

    /** Bytes not taken now. */
    long free() {
        return free.get();
    }

    /** Takes {@code bytes} if they are all free; never waits. */
    boolean tryTake(long bytes) {
        while (true) {
            long now = free.get();
            if (now < bytes) {
                return false;
            }
            if (free.compareAndSet(now, now - bytes)) {
                return true;
            }
        }
    }

    /** Gives back bytes taken with {@link #tryTake}. */
    void give(long bytes) {
        free.addAndGet(bytes);
    }

    /** Bytes one body holds of a budget: given back once, however often {@link #giveBack} is called. */
    static final class Taken {
        static final Taken NOTHING = new Taken(null);

        private final BodyBudget budget;
        private long bytes; // guarded by this

        Taken(BodyBudget budget) {
            this.budget = budget;
        }

        synchronized void add(long more) {
            bytes += more;
        }

        synchronized long bytes() {
            return bytes;
        }

        synchronized void giveBack() {
            if (bytes > 0) {
                budget.give(bytes);
                bytes = 0;
            }
        }
    }
}

package dev.distcounter.node.storage;

import dev.distcounter.node.crdt.PNCounter;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Futures waiting for the counter to reach a version (see {@code /counter?atLeast=}), released
 * in version order whenever the state grows. Callers hold the store's lock.
 */
final class VersionWaiters {
    /** A waiter left this long without being released is dropped (its caller has long given up). */
    private static final int PRUNE_AT = 10_000;

    private record Waiter(long version, CompletableFuture<PNCounter> done) implements Comparable<Waiter> {
        @Override
        public int compareTo(Waiter o) {
            return Long.compare(version, o.version);
        }
    }

    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>();

    CompletableFuture<PNCounter> await(long version, PNCounter current) {
        if (current.version() >= version) {
            return CompletableFuture.completedFuture(current);
        }
        if (waiting.size() >= PRUNE_AT) {
            // Callers complete their futures themselves when they stop waiting (a timeout).
            waiting.removeIf(w -> w.done().isDone());
        }
        CompletableFuture<PNCounter> done = new CompletableFuture<>();
        waiting.add(new Waiter(version, done));
        return done;
    }

    /** The state grew: releases everyone waiting for a version it has reached. */
    void reached(PNCounter state) {
        while (!waiting.isEmpty() && waiting.peek().version() <= state.version()) {
            waiting.poll().done().complete(state);
        }
    }

    int size() {
        return waiting.size();
    }
}

package dev.distcounter.node.time;

import java.time.Duration;

/**
 * Where a node's timed and serialized work runs: anti-entropy rounds, coalesced pushes, frame
 * handling, discovery polls. Every task submitted to one scheduler runs on one thread, one at a
 * time, so the gossip and membership code needs no locks of its own.
 *
 * <p>Two implementations: {@link ExecutorScheduler} (a real thread and the wall clock) and
 * {@link VirtualScheduler} (virtual time, run by a test or simulation thread, deterministic).
 */
public interface Scheduler {
    /** Milliseconds on this scheduler's clock (wall clock, or virtual time). */
    long nowMillis();

    /** Runs {@code task} soon, after the tasks already queued. */
    void execute(Runnable task);

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Runs {@code task} every {@code period}, the first time after {@code initialDelay}. */
    Cancellable scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task);

    /** A scheduled task that can be stopped. */
    interface Cancellable {
        void cancel();
    }
}

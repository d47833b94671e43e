package dev.distcounter.node.http;

import dev.distcounter.common.http.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Answers every write the log has not confirmed within the write timeout (503, outcome
 * unknown). Writes are confirmed nearly in arrival order, so one periodic sweep from the oldest,
 * every tenth of the timeout, replaces a timer per request (which cost about a tenth of the
 * write throughput).
 */
final class WriteTimeoutSweeper {
    /** A write whose reply waits for the log. */
    private record PendingWrite(long startedNanos, CompletableFuture<Reply> reply) {}

    private final ConcurrentLinkedQueue<PendingWrite> pending = new ConcurrentLinkedQueue<>();
    private final Duration timeout;
    private final Supplier<Reply> timedOut;

    /** {@code timedOut} is the reply to a write that ran out of time. */
    WriteTimeoutSweeper(Duration timeout, Supplier<Reply> timedOut) {
        this.timeout = timeout;
        this.timedOut = timedOut;
    }

    /** Sweeps on {@code timers} until it is shut down. */
    void start(ScheduledExecutorService timers) {
        long periodMillis = Math.max(10, timeout.toMillis() / 10);
        var unused = timers.scheduleWithFixedDelay(this::sweep, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Answers {@code reply} with the time-out reply unless it completes within the timeout. */
    void track(CompletableFuture<Reply> reply) {
        pending.add(new PendingWrite(System.nanoTime(), reply));
    }

    void sweep() {
        long now = System.nanoTime();
        long limit = timeout.toNanos();
        for (PendingWrite w = pending.peek(); w != null; w = pending.peek()) {
            if (!w.reply().isDone()) {
                if (now - w.startedNanos() < limit) {
                    return;
                }
                w.reply().complete(timedOut.get());
            }
            pending.poll();
        }
    }
}

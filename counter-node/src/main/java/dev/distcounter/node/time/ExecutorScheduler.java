package dev.distcounter.node.time;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Scheduler} on one real thread and the wall clock. */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExecutorScheduler.class);

    private final ScheduledExecutorService executor;
    private final String name;

    public ExecutorScheduler(String threadName) {
        this.name = threadName;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // shutting down: work that arrives now is dropped, as a stopped node would drop it
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        try {
            ScheduledFuture<?> f = executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            return () -> {};
        }
    }

    @Override
    public Cancellable scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
        try {
            ScheduledFuture<?> f = executor.scheduleAtFixedRate(
                    guarded(task), initialDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            return () -> {};
        }
    }

    /** A task that throws must not kill the thread, nor silently end a periodic task. */
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("{}: task failed: {}", name, e.toString(), e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("{}: scheduler thread did not stop within 5s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

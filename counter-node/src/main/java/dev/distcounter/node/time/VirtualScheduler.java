package dev.distcounter.node.time;

import dev.distcounter.common.Contracts;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} in virtual time for deterministic tests and simulations. Nothing runs
 * until the owner calls {@link #runFor(Duration)} or {@link #runUntil(long)}; then tasks run on
 * the calling thread in time order, ties in submission order. Many nodes can share one instance,
 * which makes a whole cluster one deterministic event loop.
 *
 * <p>Tasks may also be submitted from other threads (a real write-ahead log completing a write
 * in a test that uses one): they join the queue at the current virtual time and run on the
 * owner's thread with the next {@code runFor}. Only such tests give up determinism.
 */
public final class VirtualScheduler implements Scheduler {
    private record Task(long at, long order, Runnable run, Handle handle) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int byTime = Long.compare(at, o.at);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }
    }

    private static final class Handle implements Cancellable {
        boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private volatile long now;
    private long submitted;
    private long executed;

    public VirtualScheduler(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        add(now, task, new Handle());
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Handle handle = new Handle();
        add(now + Math.max(0, delay.toMillis()), task, handle);
        return handle;
    }

    @Override
    public Cancellable scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
        Contracts.check(period.toMillis() > 0, "period of at least 1 ms in virtual time");
        Handle handle = new Handle();
        Runnable[] repeat = new Runnable[1];
        repeat[0] = () -> {
            task.run();
            if (!handle.cancelled) {
                add(now + period.toMillis(), repeat[0], handle);
            }
        };
        add(now + Math.max(0, initialDelay.toMillis()), repeat[0], handle);
        return handle;
    }

    private synchronized void add(long at, Runnable run, Handle handle) {
        queue.add(new Task(at, submitted++, run, handle));
    }

    /** Runs every task due up to {@code untilMillis}, then sets the clock there. */
    public void runUntil(long untilMillis) {
        Contracts.check(untilMillis >= now, "virtual time does not go backwards");
        while (true) {
            Task task;
            synchronized (this) {
                if (queue.isEmpty() || queue.peek().at() > untilMillis) {
                    now = untilMillis;
                    return;
                }
                task = queue.poll();
                now = task.at();
            }
            if (!task.handle().cancelled) {
                executed++;
                task.run().run();
            }
        }
    }

    public void runFor(Duration duration) {
        runUntil(now + duration.toMillis());
    }

    /** Tasks run so far (a measure of work for simulations). */
    public long executedTasks() {
        return executed;
    }
}

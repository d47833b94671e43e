package dev.distcounter.common.http;

import dev.distcounter.common.GoDuration;
import dev.distcounter.common.LimitWarning;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor the JDK server is given: its threads read requests, and only that. The JDK reads
 * a request's line and headers with blocking reads on a thread of its executor, from the first
 * byte on, so a client that sends one byte and waits holds that thread. Here such a client holds
 * one of up to {@link ServerSettings#readers()} reader threads, for at most
 * {@link ServerSettings#readTimeout()}; the handlers run on the separate, small worker pool,
 * which slow clients never reach. When every reader is busy a new request's connection is
 * closed at once (the JDK closes it when its executor refuses), instead of waiting in a queue
 * behind the slow ones.
 *
 * <p>A read is cut at the first sweep after its deadline: the sweep runs every eighth of the read
 * timeout, so a slow client holds its reader for at most 1.125 times the timeout.
 */
final class RequestReaders implements Executor {
    private static final Logger log = LoggerFactory.getLogger(RequestReaders.class);
    private static final ThreadLocal<ReadDeadline> CURRENT = new ThreadLocal<>();
    private static final int SWEEPS_PER_TIMEOUT = 8;

    private final ServerSettings settings;
    private final ThreadPoolExecutor readers;
    private final ScheduledThreadPoolExecutor deadlines;
    private final Set<ReadDeadline> reading = ConcurrentHashMap.newKeySet();
    private final LimitWarning cutWarning = new LimitWarning(log, Duration.ofSeconds(10));
    private final LimitWarning busyWarning = new LimitWarning(log, Duration.ofSeconds(10));
    private volatile RequestObserver observer = RequestObserver.NONE;

    RequestReaders(ServerSettings settings) {
        this.settings = settings;
        AtomicInteger count = new AtomicInteger();
        // No queue: a request either gets a reader now or its connection is closed.
        this.readers = new ThreadPoolExecutor(
                0, settings.readers(), 60, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
                    Thread t = new Thread(runnable, settings.threadName() + "-read-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, settings.threadName() + "-deadline");
            t.setDaemon(true);
            return t;
        });
        long sweep = Math.max(1, settings.readTimeout().toNanos() / SWEEPS_PER_TIMEOUT);
        var unused = deadlines.scheduleAtFixedRate(this::cutLateReads, sweep, sweep, TimeUnit.NANOSECONDS);
    }

    /** Who hears of cut and refused requests (the server's meters), once it serves. */
    void observer(RequestObserver observer) {
        this.observer = observer;
    }

    /** The headers of the request read on this thread have arrived: its body is next. */
    static void headersArrived() {
        ReadDeadline deadline = CURRENT.get();
        if (deadline != null) {
            deadline.headersArrived();
        }
    }

    /** The request read on this thread is fully read: its deadline no longer applies. */
    void requestRead() {
        ReadDeadline deadline = CURRENT.get();
        if (deadline != null) {
            reading.remove(deadline);
            report(deadline.finish());
        }
    }

    @Override
    public void execute(Runnable exchange) {
        try {
            readers.execute(() -> read(exchange));
        } catch (RejectedExecutionException e) {
            if (!readers.isShutdown()) {
                observer.refused(RequestObserver.READERS_BUSY);
                busyWarning.hit(n -> settings.logName() + ": every one of the " + settings.readers()
                        + " HTTP reader threads is busy: closed " + n + " connection(s) without reading them"
                        + " (slow or silent clients?)");
            }
            throw e; // the JDK closes the connection
        }
    }

    private void read(Runnable exchange) {
        ReadDeadline deadline = new ReadDeadline(
                Thread.currentThread(),
                System.nanoTime() + settings.readTimeout().toNanos());
        reading.add(deadline);
        CURRENT.set(deadline);
        try {
            exchange.run();
        } finally {
            CURRENT.remove();
            reading.remove(deadline);
            report(deadline.finish());
        }
    }

    /** The sweep: cuts every read still under way past its deadline. */
    private void cutLateReads() {
        long now = System.nanoTime();
        for (ReadDeadline deadline : reading) {
            if (now - deadline.due() >= 0) {
                deadline.expire();
            }
        }
    }

    private void report(ReadDeadline.Phase cut) {
        if (cut == null) {
            return;
        }
        String phase =
                cut == ReadDeadline.Phase.HEADERS ? RequestObserver.HEADERS_TIMEOUT : RequestObserver.BODY_TIMEOUT;
        observer.refused(phase);
        cutWarning.hit(n -> settings.logName() + ": cut " + n + " HTTP request(s) whose headers or body did not"
                + " arrive within " + GoDuration.format(settings.readTimeout()) + " (slow clients?); the last one"
                + " waited for its " + (cut == ReadDeadline.Phase.HEADERS ? "headers" : "body"));
    }

    void shutdown() {
        readers.shutdown();
        deadlines.shutdownNow();
    }

    void shutdownNow() {
        readers.shutdownNow();
        deadlines.shutdownNow();
    }

    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return readers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}

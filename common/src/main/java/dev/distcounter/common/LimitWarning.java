package dev.distcounter.common;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;

/**
 * The WARN of a bound that was hit: logged the first time, then at most once per interval with
 * how many times the bound was hit since the last line. An attacker who hits a bound thousands
 * of times a second must not also fill the disk with log lines; the exact count is in a meter.
 */
public final class LimitWarning {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong nextLineNanos;

    public LimitWarning(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nextLineNanos = new AtomicLong(System.nanoTime());
    }

    /**
     * The bound was hit once more; {@code line} makes the log line from the number of hits it
     * reports (only called when a line is due).
     */
    public void hit(LongFunction<String> line) {
        hits.incrementAndGet();
        long now = System.nanoTime();
        long next = nextLineNanos.get();
        if (now - next >= 0 && nextLineNanos.compareAndSet(next, now + intervalNanos)) {
            log.warn("{}", line.apply(hits.getAndSet(0)));
        }
    }
}

package dev.distcounter.node.metrics;

import dev.distcounter.common.http.WriteOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code counter.writes}: how long increments or decrements take, from the request's arrival to
 * its reply (for an applied write: once its record is durable), by outcome, as a histogram (so
 * a Prometheus server can compute any percentile over any set of nodes); {@code kv.writes} the
 * same for key-value puts and deletes (applied: once W replicas hold it). One timer per outcome,
 * registered up front: recording is an array lookup.
 */
public final class WriteMeters {
    /** Histogram range: a write on a fast disk takes well under a millisecond; the write timeout is seconds. */
    private static final Duration SHORTEST = Duration.of(100, ChronoUnit.MICROS);

    private static final Duration LONGEST = Duration.ofSeconds(30);

    private final Map<WriteOutcome, Timer> timers = new EnumMap<>(WriteOutcome.class);

    /** The timers of {@code operation} ({@code increment} or {@code decrement}). */
    public WriteMeters(MeterRegistry registry, String operation) {
        this(registry, "counter.writes", "increments and decrements", operation);
    }

    private WriteMeters(MeterRegistry registry, String name, String what, String operation) {
        for (WriteOutcome outcome : WriteOutcome.values()) {
            timers.put(
                    outcome,
                    Timer.builder(name)
                            .description(what + ", from the request's arrival to its reply")
                            .tag("operation", operation)
                            .tag("outcome", outcome.json())
                            .publishPercentileHistogram()
                            .minimumExpectedValue(SHORTEST)
                            .maximumExpectedValue(LONGEST)
                            .register(registry));
        }
    }

    /** The {@code kv.writes} timers of {@code operation} ({@code put} or {@code delete}). */
    public static WriteMeters keyspace(MeterRegistry registry, String operation) {
        return new WriteMeters(registry, "kv.writes", "key-value puts and deletes", operation);
    }

    public void record(WriteOutcome outcome, long nanos) {
        timers.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }
}

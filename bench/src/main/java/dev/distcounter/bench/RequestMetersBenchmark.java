package dev.distcounter.bench;

import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.metrics.RequestMeters;
import dev.distcounter.node.metrics.WriteMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the meters add to one write request on an HTTP thread: its {@code http.server.requests}
 * timer (found in the cache by route, method and status) and its {@code counter.writes}
 * histogram timer, on the node's Prometheus registry. Run with {@code -t 8} for the node's 8
 * HTTP threads recording at once:
 * {@code java -jar bench/target/benchmarks.jar RequestMetersBenchmark -t 8}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RequestMetersBenchmark {
    @State(Scope.Benchmark)
    public static class Meters {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final RequestMeters requests = new RequestMeters(registry);
        final WriteMeters writes = new WriteMeters(registry, "increment");
    }

    /** Both meters of one applied write, with a latency of 0.1 to 2 ms (spread over the histogram's buckets). */
    @Benchmark
    public void applied(Meters meters) {
        long nanos = latency();
        meters.writes.record(WriteOutcome.APPLIED, nanos);
        meters.requests.answered("/increment", "GET", 200, nanos);
    }

    /** Drawing the latency alone: subtract it from {@link #applied}. */
    @Benchmark
    public long drawOnly() {
        return latency();
    }

    private static long latency() {
        return ThreadLocalRandom.current().nextLong(100_000, 2_000_000);
    }
}

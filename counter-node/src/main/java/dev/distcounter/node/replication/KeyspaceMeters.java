package dev.distcounter.node.replication;

import dev.distcounter.common.http.WriteOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What the coordinator did, on the node's registry: requests by operation and result
 * ({@code kv.requests}), repairs sent by reads ({@code kv.read.repairs}), and replicas that never
 * acknowledged a write within the timeout ({@code kv.write.undelivered}; the next issue turns
 * them into hints), and the bytes held for writes in flight ({@code kv.write.bytes.held}).
 */
public final class KeyspaceMeters {
    private final MeterRegistry registry;
    private final Counter repairs;
    private final Counter undelivered;
    private final Counter fallbacks;

    public KeyspaceMeters(MeterRegistry registry) {
        this.registry = registry;
        this.repairs = Counter.builder("kv.read.repairs")
                .description("writes sent by reads to replicas that answered with an older version")
                .register(registry);
        this.undelivered = Counter.builder("kv.write.undelivered")
                .description("replicas that had not acknowledged a write when its timeout passed")
                .register(registry);
        this.fallbacks = Counter.builder("kv.write.fallbacks")
                .description("direct writes whose version was not high enough, redone after a version pre-read")
                .register(registry);
    }

    void read(ReadResult result) {
        count("get", result == null ? "failed" : result.kind().name().toLowerCase(Locale.ROOT));
    }

    void write(boolean delete, WriteResult result) {
        count(
                delete ? "delete" : "put",
                result == null
                        ? WriteOutcome.INDETERMINATE.json()
                        : result.outcome().json());
    }

    void watchWriteBytes(LongSupplier held) {
        Gauge.builder("kv.write.bytes.held", held, LongSupplier::getAsLong)
                .description("bytes of keys and values this coordinator holds for writes still being delivered")
                .baseUnit("bytes")
                .register(registry);
    }

    void fallback() {
        fallbacks.increment();
    }

    void repair() {
        repairs.increment();
    }

    void undelivered(int replicas) {
        undelivered.increment(replicas);
    }

    private void count(String operation, String result) {
        Counter.builder("kv.requests")
                .description("key-value requests this node coordinated, by operation and result")
                .tag("op", operation)
                .tag("result", result)
                .register(registry)
                .increment();
    }

    /** Repairs sent so far; safe from any thread. */
    public long repairs() {
        return (long) repairs.count();
    }
}

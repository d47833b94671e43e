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
 * acknowledged a write within the timeout ({@code kv.write.undelivered}; each becomes a hint),
 * the bytes held for writes in flight ({@code kv.write.bytes.held}), and hinted handoff: hints
 * kept ({@code kv.hints.pending}), recorded, replayed (acknowledged by their target) and dropped
 * ({@code kv.hints.dropped}, tagged {@code reason=full|expired}).
 */
public final class KeyspaceMeters {
    private final MeterRegistry registry;
    private final Counter repairs;
    private final Counter undelivered;
    private final Counter fallbacks;
    private final Counter sloppyWrites;
    private final Counter hintsRecorded;
    private final Counter hintsReplayed;

    public KeyspaceMeters(MeterRegistry registry) {
        this.registry = registry;
        this.repairs = Counter.builder("kv.read.repairs")
                .description("writes sent by reads to replicas that answered with an older version")
                .register(registry);
        this.undelivered = Counter.builder("kv.write.undelivered")
                .description("replicas that had not acknowledged a write when its timeout passed")
                .register(registry);
        this.sloppyWrites = Counter.builder("kv.write.sloppy")
                .description("writes sent to stand-ins because fewer than W of the key's replicas were up")
                .register(registry);
        this.fallbacks = Counter.builder("kv.write.fallbacks")
                .description("direct writes whose version was not high enough, redone after a version pre-read")
                .register(registry);
        this.hintsRecorded = Counter.builder("kv.hints.recorded")
                .description("hints recorded for replicas that had not acknowledged a write within its timeout")
                .register(registry);
        this.hintsReplayed = Counter.builder("kv.hints.replayed")
                .description("hints delivered to their replica once it was back, and removed")
                .register(registry);
    }

    void watchHints(LongSupplier pending) {
        // Strongly held: the supplier is a method reference no one else keeps, and a gauge holds
        // its object weakly by default (it would read NaN once collected).
        Gauge.builder("kv.hints.pending", pending, LongSupplier::getAsLong)
                .description("hints this coordinator keeps for replicas that missed writes")
                .strongReference(true)
                .register(registry);
    }

    void hintRecorded() {
        hintsRecorded.increment();
    }

    void hintReplayed() {
        hintsReplayed.increment();
    }

    /** {@code reason}: {@code full} or {@code expired}. */
    void hintsDropped(String reason, int hints) {
        Counter.builder("kv.hints.dropped")
                .description("hints dropped before delivery: their target's bound was reached, or the window passed")
                .tag("reason", reason)
                .register(registry)
                .increment(hints);
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
                .strongReference(true) // as kv.hints.pending: else NaN once the method reference is collected
                .register(registry);
    }

    void sloppyWrite() {
        sloppyWrites.increment();
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

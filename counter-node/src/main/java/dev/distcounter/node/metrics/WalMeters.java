package dev.distcounter.node.metrics;

import dev.distcounter.wal.WalObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * The write-ahead log's figures as meters: what its writer reports through {@link WalObserver}
 * (the log itself knows nothing of Micrometer). Called on the WAL writer thread, once per batch
 * or force, never per request.
 */
public final class WalMeters implements WalObserver {
    private final Timer fsync;
    private final DistributionSummary batchRecords;
    private final DistributionSummary batchBytes;
    private final Counter appends;
    private final Counter rotations;
    private final Counter snapshots;

    public WalMeters(MeterRegistry registry) {
        fsync = Timer.builder("wal.fsync")
                .description("forcing a segment to disk (fdatasync); one force covers a whole batch")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.of(10, ChronoUnit.MICROS))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        batchRecords = DistributionSummary.builder("wal.batch.records")
                .description("records per group-commit batch")
                .baseUnit("records")
                .register(registry);
        batchBytes = DistributionSummary.builder("wal.batch.bytes")
                .description("bytes per group-commit batch, record headers included")
                .baseUnit(BaseUnits.BYTES)
                .register(registry);
        appends = Counter.builder("wal.appends")
                .description("records written to the log")
                .register(registry);
        rotations = Counter.builder("wal.rotations")
                .description("segments started because the next record would not fit")
                .register(registry);
        snapshots = Counter.builder("wal.snapshots")
                .description("snapshots written")
                .register(registry);
    }

    @Override
    public void batchWritten(int records, long bytes) {
        batchRecords.record(records);
        batchBytes.record((double) bytes);
        appends.increment(records);
    }

    @Override
    public void forced(long nanos) {
        fsync.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void rotated() {
        rotations.increment();
    }

    @Override
    public void snapshotWritten(long bytes) {
        snapshots.increment();
    }
}

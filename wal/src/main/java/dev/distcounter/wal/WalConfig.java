package dev.distcounter.wal;

import dev.distcounter.common.Contracts;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of one write-ahead log.
 *
 * @param dir                    directory holding segments, snapshots and the lock file
 * @param fsync                  true: an append completes after its batch is forced to disk;
 *                               false: after it is written to the OS (page cache), with a
 *                               background force every {@code backgroundSyncInterval}
 * @param maxSegmentBytes        a segment that holds a record is cut before the next record would
 *                               grow it past this size; any positive size works, since a segment
 *                               always takes its first record (a record larger than the size
 *                               goes alone into a segment of its own)
 * @param maxRecordBytes         largest payload accepted by {@code append}
 * @param backgroundSyncInterval force period when {@code fsync} is false (the original's 500 ms)
 * @param repair                 on corruption in the middle of the log, truncate there (keeping
 *                               a copy of what was cut) instead of refusing to open
 * @param forceHook              how a segment is forced; replaced in tests
 * @param observer               told of every batch, force, rotation and snapshot (metrics)
 */
public record WalConfig(
        Path dir,
        boolean fsync,
        long maxSegmentBytes,
        int maxRecordBytes,
        Duration backgroundSyncInterval,
        boolean repair,
        ForceHook forceHook,
        WalObserver observer) {

    public static final Duration DEFAULT_BACKGROUND_SYNC = Duration.ofMillis(500);

    public WalConfig {
        Contracts.checkNotNull(dir, "WAL directory");
        Contracts.checkNotNull(backgroundSyncInterval, "background sync interval");
        Contracts.checkNotNull(forceHook, "force hook");
        Contracts.checkNotNull(observer, "observer");
        if (maxRecordBytes < 0) {
            throw new IllegalArgumentException("maximum record size must not be negative: " + maxRecordBytes);
        }
        if (maxSegmentBytes < 1) {
            throw new IllegalArgumentException("maximum segment size must be positive: " + maxSegmentBytes);
        }
        if (backgroundSyncInterval.isNegative() || backgroundSyncInterval.isZero()) {
            throw new IllegalArgumentException("background sync interval must be positive: " + backgroundSyncInterval);
        }
    }

    /** Defaults: fsync on, 64 MiB segments, 1 MiB records, 500 ms background sync, no repair, no observer. */
    public static WalConfig defaults(Path dir) {
        return new WalConfig(
                dir,
                true,
                WalFormat.DEFAULT_MAX_SEGMENT_BYTES,
                WalFormat.DEFAULT_MAX_RECORD_BYTES,
                DEFAULT_BACKGROUND_SYNC,
                false,
                ForceHook.FDATASYNC,
                WalObserver.NONE);
    }

    public WalConfig withFsync(boolean value) {
        return new WalConfig(
                dir, value, maxSegmentBytes, maxRecordBytes, backgroundSyncInterval, repair, forceHook, observer);
    }

    /** Sets the cut size; records of any allowed size still fit, one to a segment if need be. */
    public WalConfig withMaxSegmentBytes(long value) {
        return new WalConfig(dir, fsync, value, maxRecordBytes, backgroundSyncInterval, repair, forceHook, observer);
    }

    public WalConfig withMaxRecordBytes(int value) {
        return new WalConfig(dir, fsync, maxSegmentBytes, value, backgroundSyncInterval, repair, forceHook, observer);
    }

    public WalConfig withBackgroundSyncInterval(Duration value) {
        return new WalConfig(dir, fsync, maxSegmentBytes, maxRecordBytes, value, repair, forceHook, observer);
    }

    public WalConfig withRepair(boolean value) {
        return new WalConfig(
                dir, fsync, maxSegmentBytes, maxRecordBytes, backgroundSyncInterval, value, forceHook, observer);
    }

    public WalConfig withForceHook(ForceHook value) {
        return new WalConfig(
                dir, fsync, maxSegmentBytes, maxRecordBytes, backgroundSyncInterval, repair, value, observer);
    }

    public WalConfig withObserver(WalObserver value) {
        return new WalConfig(
                dir, fsync, maxSegmentBytes, maxRecordBytes, backgroundSyncInterval, repair, forceHook, value);
    }
}

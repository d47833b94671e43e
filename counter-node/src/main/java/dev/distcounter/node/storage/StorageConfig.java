package dev.distcounter.node.storage;

import java.nio.file.Path;

/**
 * Persistence settings of a node.
 *
 * @param enabled         {@code --wal}: log every change; false keeps state in memory only
 * @param fsync           {@code --wal-fsync}: acknowledge after fsync (true) or after the OS has the write
 * @param dir             {@code --wal-dir}
 * @param maxSegmentBytes {@code --wal-max-size}
 * @param snapshotEvery   {@code --wal-snapshot-every}: records between snapshots
 * @param repair          {@code --wal-repair}: cut the log at damage in its middle instead of refusing to start
 */
public record StorageConfig(
        boolean enabled, boolean fsync, Path dir, long maxSegmentBytes, long snapshotEvery, boolean repair) {}

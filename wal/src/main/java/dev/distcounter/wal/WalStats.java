package dev.distcounter.wal;

/**
 * Counters since the log was opened.
 *
 * @param appends   records written
 * @param batches   group-commit batches written (one write system call or a few per batch)
 * @param forces    times a segment was forced to disk
 * @param bytes     bytes written to segments, headers included
 * @param rotations segments cut because the next record would not fit
 * @param snapshots snapshots written
 */
public record WalStats(long appends, long batches, long forces, long bytes, long rotations, long snapshots) {}

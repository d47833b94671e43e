package dev.distcounter.wal;

/**
 * Told what the log does, so an application can turn it into metrics: this module measures, the
 * application chooses the meters (the log depends on nothing but {@code common}). Called on the
 * writer thread, and on the thread that writes a snapshot, right after the event: it must be
 * quick, and must not throw, since the writer would take the exception for a failed write.
 */
public interface WalObserver {
    /** Hears nothing. */
    WalObserver NONE = new WalObserver() {};

    /** A group-commit batch of {@code records} records, {@code bytes} bytes with their headers, went to the OS. */
    default void batchWritten(int records, long bytes) {}

    /** A segment was forced to disk (fdatasync), which took {@code nanos}. */
    default void forced(long nanos) {}

    /** A segment was closed and a new one started, because the next record would not fit. */
    default void rotated() {}

    /** A snapshot holding {@code bytes} bytes of state was written and forced. */
    default void snapshotWritten(long bytes) {}
}

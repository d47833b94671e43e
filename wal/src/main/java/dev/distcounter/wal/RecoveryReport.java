package dev.distcounter.wal;

import java.util.List;

/**
 * What {@link WriteAheadLog#open} found and did.
 *
 * @param snapshotSequence sequence covered by the snapshot replay started from, 0 for none
 * @param recordsReplayed  records handed to the {@link ReplayHandler} after the snapshot
 * @param lastSequence     the highest sequence number in the log; the next append gets one more
 * @param segments         segment files on disk after recovery
 * @param truncations      cuts made (torn tail, or damage cut under repair), each logged at WARN
 */
public record RecoveryReport(
        long snapshotSequence, long recordsReplayed, long lastSequence, int segments, List<Truncation> truncations) {

    public RecoveryReport {
        truncations = List.copyOf(truncations);
    }
}

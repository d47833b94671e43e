package dev.distcounter.wal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The segment files of an open log by first sequence number. The writer adds one on rotation;
 * snapshot retention removes the old ones. The newest segment is the one being written and is
 * never offered for deletion.
 */
final class SegmentIndex {
    private final NavigableMap<Long, Path> segments;

    SegmentIndex(NavigableMap<Long, Path> initial) {
        this.segments = new TreeMap<>(initial);
    }

    synchronized void add(long firstSeq, Path file) {
        segments.put(firstSeq, file);
    }

    synchronized int size() {
        return segments.size();
    }

    /**
     * Removes and returns the segments whose every record is at or below {@code coveredSeq}:
     * those followed by a segment starting at or below {@code coveredSeq + 1}.
     */
    synchronized List<Path> removeCoveredBy(long coveredSeq) {
        List<Path> covered = new ArrayList<>();
        while (segments.size() > 1) {
            Map.Entry<Long, Path> oldest = segments.firstEntry();
            long nextFirst = segments.higherKey(oldest.getKey());
            if (nextFirst - 1 > coveredSeq) {
                break;
            }
            covered.add(oldest.getValue());
            segments.pollFirstEntry();
        }
        return covered;
    }
}

package dev.distcounter.bench;

import dev.distcounter.wal.WalFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a write-ahead log directory holds: segment files ({@code .wal}) and snapshots
 * ({@code .snap}), counted and summed.
 */
record LogOnDisk(int segments, long segmentBytes, int snapshots, long snapshotBytes) {

    static LogOnDisk of(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).toList();
        }
        int segments = 0;
        int snapshots = 0;
        long segmentBytes = 0;
        long snapshotBytes = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(WalFormat.SEGMENT_SUFFIX)) {
                segments++;
                segmentBytes += Files.size(f);
            } else if (name.endsWith(WalFormat.SNAPSHOT_SUFFIX)) {
                snapshots++;
                snapshotBytes += Files.size(f);
            }
        }
        return new LogOnDisk(segments, segmentBytes, snapshots, snapshotBytes);
    }

    @Override
    public String toString() {
        return segments + " segment(s), " + mib(segmentBytes) + "; " + snapshots + " snapshot(s), " + snapshotBytes
                + " B";
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}

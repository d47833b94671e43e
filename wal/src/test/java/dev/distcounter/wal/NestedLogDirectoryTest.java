package dev.distcounter.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log's directory may hold a subdirectory with another log in it (the node keeps its replica
 * log in {@code kv/} inside the counter's): the outer log lists, recovers, snapshots and deletes
 * only its own files, never anything below it, even files named like its own.
 */
class NestedLogDirectoryTest {
    static final int PAYLOAD = 32;
    static final int FRAME = WalFormat.RECORD_HEADER_BYTES + PAYLOAD;

    @TempDir
    Path dir;

    private WalConfig smallSegments(Path path) {
        return WalConfig.defaults(path)
                .withFsync(false)
                .withMaxSegmentBytes(WalFormat.SEGMENT_HEADER_BYTES + 10L * FRAME);
    }

    /** Every file below {@code root} with its size, by relative path. */
    private static Map<String, Long> files(Path root) throws Exception {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(f).toString(), Files.size(f));
            }
        }
        return files;
    }

    @Test
    void aLogWithAnotherLogInASubdirectoryOpensRecoversAndSnapshotsNormally() throws Exception {
        Path inner = dir.resolve("kv");
        List<Long> outerIds = new ArrayList<>();
        List<Long> innerIds = new ArrayList<>();
        // Both open at once, as on a node: the outer one rotates, snapshots and deletes segments.
        try (WriteAheadLog outer = WriteAheadLog.open(smallSegments(dir), ReplayHandler.IGNORE);
                WriteAheadLog nested = WriteAheadLog.open(smallSegments(inner), ReplayHandler.IGNORE)) {
            for (long id = 0; id < 300; id++) {
                outerIds.add(id);
                var unused = outer.append((byte) 1, Replayed.payload(id, PAYLOAD));
                if (id % 3 == 0) {
                    innerIds.add(id);
                    var alsoUnused = nested.append((byte) 1, Replayed.payload(id, PAYLOAD));
                }
                if (id % 50 == 49) {
                    outer.writeSnapshot(outer.lastSequence(), Replayed.snapshotOf(outerIds));
                }
            }
        }
        // Leftovers a crash of the inner log could leave, named as the outer log would name its own.
        Files.write(inner.resolve(WalFormat.snapshotFileName(7) + WalFormat.TEMP_SUFFIX), new byte[] {1, 2, 3});
        Map<String, Long> innerBefore = files(inner);
        assertThat(innerBefore.keySet())
                .as("the inner log's segments outnumber the outer's kept ones")
                .filteredOn(name -> name.endsWith(WalFormat.SEGMENT_SUFFIX))
                .hasSizeGreaterThan(5);

        Replayed outerState = new Replayed();
        try (WriteAheadLog outer = WriteAheadLog.open(smallSegments(dir), outerState)) {
            assertThat(outer.recovery().truncations()).isEmpty();
            assertThat(outer.recovery().snapshotSequence()).isEqualTo(300);
            assertThat(outerState.ids).isEqualTo(outerIds);
            outer.append((byte) 1, Replayed.payload(300, PAYLOAD)).join();
            outer.writeSnapshot(outer.lastSequence(), Replayed.snapshotOf(outerIds));
        }
        assertThat(files(inner)).as("nothing below the outer log was touched").isEqualTo(innerBefore);
        assertThat(dir.resolve(WalFormat.QUARANTINE_DIR)).doesNotExist();

        Files.delete(inner.resolve(WalFormat.snapshotFileName(7) + WalFormat.TEMP_SUFFIX));
        assertThat(Replayed.open(smallSegments(inner)).ids).isEqualTo(innerIds);
    }
}

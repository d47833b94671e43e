package dev.distcounter.wal;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every number and name of the on-disk format, in one place. {@code docs/wal-format.md} is the
 * prose form of this class; change both together. All integers are big-endian.
 *
 * <pre>
 * segment file  NNNNNNNNNNNNNNNNNNNN.wal   (20-digit first sequence number)
 *   header      magic "DCWL" u32 | version u16 | reserved u16 | first seq u64 | CRC32C u32 of bytes 0..15
 *   record*     length u32 | CRC32C u32 | seq u64 | type u8 | payload[length]
 *               the CRC covers the length, seq, type and payload (every byte but itself)
 *
 * snapshot file NNNNNNNNNNNNNNNNNNNN.snap  (20-digit last sequence number it covers)
 *               magic "DCSN" u32 | version u16 | reserved u16 | covered seq u64 | state length u64
 *               | CRC32C u32 of the 24 header bytes and the state | state[length]
 * </pre>
 */
public final class WalFormat {
    private WalFormat() {}

    public static final int SEGMENT_MAGIC = 0x4443574C; // "DCWL"
    public static final int SNAPSHOT_MAGIC = 0x4443534E; // "DCSN"
    public static final short FORMAT_VERSION = 1;

    /** magic(4) + version(2) + reserved(2) + first seq(8) + crc(4). */
    public static final int SEGMENT_HEADER_BYTES = 20;
    /** Bytes of the segment header covered by its CRC. */
    public static final int SEGMENT_HEADER_CRC_OFFSET = 16;

    /** length(4) + crc(4) + seq(8) + type(1), before the payload. */
    public static final int RECORD_HEADER_BYTES = 17;

    public static final int RECORD_CRC_OFFSET = 4;
    public static final int RECORD_SEQ_OFFSET = 8;
    public static final int RECORD_TYPE_OFFSET = 16;

    /** magic(4) + version(2) + reserved(2) + covered seq(8) + length(8) + crc(4). */
    public static final int SNAPSHOT_HEADER_BYTES = 28;

    public static final int SNAPSHOT_HEADER_CRC_OFFSET = 24;

    /** The original's default cut size: 64 MiB. */
    public static final long DEFAULT_MAX_SEGMENT_BYTES = 64L * 1024 * 1024;

    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    public static final String SEGMENT_SUFFIX = ".wal";
    public static final String SNAPSHOT_SUFFIX = ".snap";
    public static final String TEMP_SUFFIX = ".tmp";
    public static final String LOCK_FILE = "wal.lock";
    /** Bytes cut from the log by recovery are kept here, never silently thrown away. */
    public static final String QUARANTINE_DIR = "quarantine";

    /** Snapshots kept on disk; segments are deleted only once the oldest kept one covers them. */
    public static final int SNAPSHOTS_KEPT = 2;

    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{20})\\.wal");
    private static final Pattern SNAPSHOT_NAME = Pattern.compile("(\\d{20})\\.snap");

    public static String segmentFileName(long firstSeq) {
        return String.format("%020d%s", firstSeq, SEGMENT_SUFFIX);
    }

    public static String snapshotFileName(long coveredSeq) {
        return String.format("%020d%s", coveredSeq, SNAPSHOT_SUFFIX);
    }

    /** The first sequence number a segment file name encodes, if it is one. */
    public static Optional<Long> parseSegmentFileName(Path file) {
        return parse(SEGMENT_NAME, file);
    }

    /** The covered sequence number a snapshot file name encodes, if it is one. */
    public static Optional<Long> parseSnapshotFileName(Path file) {
        return parse(SNAPSHOT_NAME, file);
    }

    private static Optional<Long> parse(Pattern pattern, Path file) {
        Matcher m = pattern.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }
}

package dev.distcounter.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a log directory back to a consistent state and replays it, in one pass.
 *
 * <ol>
 *   <li>Delete leftover temporary snapshot files.</li>
 *   <li>Load the newest snapshot that verifies; newer ones that do not are quarantined.</li>
 *   <li>Read every segment in sequence order, checking each header and record, and hand every
 *       record after the snapshot to the {@link ReplayHandler}.</li>
 *   <li>Damage at the very end of the last segment, with no intact record after it, is a torn
 *       write from a crash: the tail is cut (and kept in {@code quarantine/}) with a WARN line.
 *       Damage anywhere else stops recovery with a {@link WalCorruptionException}, unless
 *       repair is on: then the log is cut there and everything after it is quarantined.</li>
 * </ol>
 *
 * <p>Guarantees: docs/guarantees.md §7.
 */
final class LogRecovery {
    private static final Logger log = LoggerFactory.getLogger(LogRecovery.class);

    /** Where appends continue after recovery. */
    record Result(
            long snapshotSequence,
            long lastSequence,
            long recordsReplayed,
            NavigableMap<Long, Path> segments,
            long activeFirstSequence,
            long activeValidEnd,
            long activeNextSequence,
            List<Truncation> truncations) {}

    private final WalDirectory dir;
    private final WalConfig config;
    private final ReplayHandler handler;
    private final RecordCodec codec;
    private final List<Truncation> truncations = new ArrayList<>();
    private long snapshotSeq;
    private long lastSeq;
    private long replayed;

    LogRecovery(WalDirectory dir, WalConfig config, ReplayHandler handler) {
        this.dir = dir;
        this.config = config;
        this.handler = handler;
        this.codec = new RecordCodec(config.maxRecordBytes());
    }

    Result recover() throws IOException {
        int temps = dir.deleteTempFiles();
        if (temps > 0) {
            log.info("WAL {}: deleted {} unfinished snapshot file(s) left by a crash", dir.path(), temps);
        }
        snapshotSeq = loadNewestValidSnapshot();
        lastSeq = snapshotSeq;
        List<Map.Entry<Long, Path>> ordered = new ArrayList<>(dir.segments().entrySet());
        ByteBuffer buffer = ByteBuffer.allocateDirect(
                Math.max(1 << 20, RecordCodec.frameSize(config.maxRecordBytes()) + WalFormat.SEGMENT_HEADER_BYTES));

        long nextExpected = -1;
        SegmentScan active = null;
        for (int i = 0; i < ordered.size(); i++) {
            String gap = continuityProblem(i == 0, ordered.get(i).getKey(), nextExpected, snapshotSeq);
            if (gap != null) {
                damage(ordered, i, 0, gap, false);
                break;
            }
            SegmentScan scan = scan(ordered, i, buffer);
            if (!scan.removed()) {
                active = scan;
            }
            nextExpected = scan.nextSequence();
            if (scan.cut()) {
                break;
            }
        }
        return new Result(
                snapshotSeq,
                lastSeq,
                replayed,
                dir.segments(),
                active == null ? -1 : active.firstSequence(),
                active == null ? -1 : active.validEnd(),
                active == null ? -1 : active.nextSequence(),
                truncations);
    }

    /**
     * What reading one segment found: where its valid records end, the sequence after its last
     * one, whether it was cut short, and whether recovery moved it away whole.
     */
    private record SegmentScan(long firstSequence, long validEnd, long nextSequence, boolean cut, boolean removed) {}

    private SegmentScan scan(List<Map.Entry<Long, Path>> ordered, int index, ByteBuffer buffer) throws IOException {
        long firstSeq = ordered.get(index).getKey();
        Path file = ordered.get(index).getValue();
        long seq = firstSeq;
        try (SegmentReader reader = new SegmentReader(file, buffer, codec)) {
            String headerProblem = reader.headerProblem(firstSeq);
            if (headerProblem != null) {
                damage(ordered, index, 0, headerProblem, true);
                return new SegmentScan(firstSeq, 0, seq, true, true);
            }
            while (true) {
                int size = reader.check();
                if (size == SegmentReader.END) {
                    return new SegmentScan(firstSeq, reader.fileSize(), seq, false, false);
                }
                String problem = size < 0
                        ? describe(size)
                        : reader.sequence() != seq
                                ? "record has sequence " + reader.sequence() + " where " + seq + " was expected"
                                : null;
                if (problem != null) {
                    // A torn write garbles bytes; it cannot produce an intact record with the wrong number.
                    damage(ordered, index, reader.offset(), problem, size < 0);
                    return new SegmentScan(firstSeq, reader.offset(), seq, true, false);
                }
                if (seq > snapshotSeq) {
                    handler.onRecord(seq, reader.type(), reader.payload());
                    replayed++;
                }
                lastSeq = Math.max(lastSeq, seq);
                seq++;
                reader.advance(size);
            }
        }
    }

    /** Null when a segment starting at {@code firstSeq} may follow what came before. */
    private static String continuityProblem(boolean first, long firstSeq, long nextExpected, long snapshotSeq) {
        if (first) {
            if (firstSeq > snapshotSeq + 1) {
                return "log starts at sequence " + firstSeq + " but "
                        + (snapshotSeq == 0 ? "there is no snapshot" : "the snapshot covers only up to " + snapshotSeq)
                        + ": records " + (snapshotSeq + 1) + ".." + (firstSeq - 1) + " are missing";
            }
            return null;
        }
        if (firstSeq == nextExpected) {
            return null;
        }
        // A jump is fine when every skipped record is inside the snapshot (the log was reopened
        // after a snapshot that covered records lost from the tail).
        if (firstSeq > nextExpected && firstSeq <= snapshotSeq + 1) {
            return null;
        }
        return "segment starts at sequence " + firstSeq + " but the previous one ends before " + nextExpected;
    }

    private static String describe(int code) {
        return switch (code) {
            case RecordCodec.INCOMPLETE -> "record cut short";
            case RecordCodec.BAD_LENGTH -> "record length out of range";
            case RecordCodec.BAD_CRC -> "record checksum mismatch";
            default -> "record unreadable (" + code + ")";
        };
    }

    /**
     * Handles damage at {@code offset} of segment {@code index}: cuts a torn tail, cuts
     * everything from here under repair, or refuses.
     */
    private void damage(List<Map.Entry<Long, Path>> ordered, int index, long offset, String reason, boolean mayBeTorn)
            throws IOException {
        Path file = ordered.get(index).getValue();
        boolean lastSegment = index == ordered.size() - 1;
        if (lastSegment && mayBeTorn && !intactRecordAfter(file, offset, lastSeq)) {
            Truncation cut = cutFrom(file, offset, reason, true);
            log.warn(
                    "WAL {}: torn write at the end of the log ({}): truncated {} at offset {}, dropped {} bytes"
                            + " (copy kept in {})",
                    dir.path(),
                    reason,
                    file,
                    offset,
                    cut.bytesDropped(),
                    cut.keptCopy());
            return;
        }
        int later = ordered.size() - 1 - index;
        if (!config.repair()) {
            throw new WalCorruptionException(
                    file,
                    offset,
                    reason + " with " + (lastSegment ? "intact records after it" : later + " later segment(s) after it")
                            + "; refusing to open the log (open it with repair on to truncate here; the rest is kept in "
                            + WalFormat.QUARANTINE_DIR + "/)");
        }
        Truncation cut = cutFrom(file, offset, reason, false);
        log.warn(
                "WAL {}: REPAIR: {} in {} at offset {}: truncated there, dropped {} bytes (copy kept in {})",
                dir.path(),
                reason,
                file,
                offset,
                cut.bytesDropped(),
                cut.keptCopy());
        for (int j = index + 1; j < ordered.size(); j++) {
            Path laterFile = ordered.get(j).getValue();
            long size = Files.size(laterFile);
            Path kept = dir.quarantineWhole(laterFile);
            truncations.add(new Truncation(laterFile, 0, size, kept, "follows damage in " + file.getFileName(), false));
            log.warn(
                    "WAL {}: REPAIR: dropped later segment {} ({} bytes, kept in {})",
                    dir.path(),
                    laterFile,
                    size,
                    kept);
        }
        dir.sync();
    }

    /** Keeps a copy of {@code [offset, end)} and cuts the file there (moves it whole if the header is hit). */
    private Truncation cutFrom(Path file, long offset, String reason, boolean tornTail) throws IOException {
        long size = Files.size(file);
        Path kept;
        if (offset < WalFormat.SEGMENT_HEADER_BYTES) {
            kept = dir.quarantineWhole(file);
            dir.sync();
        } else {
            kept = dir.quarantineTail(file, offset);
            WalDirectory.truncate(file, offset);
        }
        Truncation cut = new Truncation(file, offset, size - offset, kept, reason, tornTail);
        truncations.add(cut);
        return cut;
    }

    /**
     * Whether any intact record with a sequence above {@code lastGoodSeq} starts after
     * {@code offset}: if so the damage is in the middle of the log, not a torn tail. Scans byte
     * by byte because a damaged length field cannot be trusted to find the next record.
     */
    private boolean intactRecordAfter(Path file, long offset, long lastGoodSeq) throws IOException {
        long size = Files.size(file);
        long start = offset + 1;
        if (size - start < WalFormat.RECORD_HEADER_BYTES) {
            return false;
        }
        ByteBuffer rest = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, size - start));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (rest.hasRemaining() && channel.read(rest, start + rest.position()) >= 0) {
                // keep reading
            }
        }
        int limit = rest.position();
        for (int p = 0; p + WalFormat.RECORD_HEADER_BYTES <= limit; p++) {
            if (codec.check(rest, p, limit) > 0 && RecordCodec.sequence(rest, p) > lastGoodSeq) {
                return true;
            }
        }
        return false;
    }

    /** Returns the sequence the chosen snapshot covers (0 for none) after handing it to the handler. */
    private long loadNewestValidSnapshot() throws IOException {
        NavigableMap<Long, Path> snapshots = dir.snapshots();
        for (Map.Entry<Long, Path> entry : snapshots.descendingMap().entrySet()) {
            Path file = entry.getValue();
            SnapshotFile.Contents contents;
            try {
                contents = SnapshotFile.read(file);
            } catch (WalCorruptionException e) {
                long size = Files.size(file);
                Path kept = dir.quarantineWhole(file);
                dir.sync();
                truncations.add(new Truncation(file, e.offset(), size, kept, e.getMessage(), false));
                log.warn(
                        "WAL {}: snapshot {} is damaged ({}); moved to {}, falling back to an older one",
                        dir.path(),
                        file,
                        e.getMessage(),
                        kept);
                continue;
            }
            if (contents.coveredSequence() != entry.getKey()) {
                throw new WalCorruptionException(
                        file,
                        8,
                        "snapshot covers sequence " + contents.coveredSequence() + " but its file name says "
                                + entry.getKey());
            }
            handler.onSnapshot(
                    contents.coveredSequence(),
                    ByteBuffer.wrap(contents.state()).asReadOnlyBuffer());
            return contents.coveredSequence();
        }
        return 0;
    }
}

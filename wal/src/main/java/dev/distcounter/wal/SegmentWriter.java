package dev.distcounter.wal;

import static dev.distcounter.wal.WalFormat.SEGMENT_HEADER_BYTES;
import static dev.distcounter.wal.WalFormat.SEGMENT_HEADER_CRC_OFFSET;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/** The segment appends go to: an open channel positioned at the end of its valid records. */
final class SegmentWriter implements AutoCloseable {
    private final Path file;
    private final long firstSequence;
    private final FileChannel channel;
    private long size;

    private SegmentWriter(Path file, long firstSequence, FileChannel channel, long size) {
        this.file = file;
        this.firstSequence = firstSequence;
        this.channel = channel;
        this.size = size;
    }

    /** Creates a new segment whose first record will carry {@code firstSeq}; header forced, directory synced. */
    static SegmentWriter create(WalDirectory dir, long firstSeq, ForceHook forceHook) throws IOException {
        Path file = dir.resolve(WalFormat.segmentFileName(firstSeq));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
            header.putInt(WalFormat.SEGMENT_MAGIC)
                    .putShort(WalFormat.FORMAT_VERSION)
                    .putShort((short) 0)
                    .putLong(firstSeq);
            CRC32C crc = new CRC32C();
            crc.update(header.array(), 0, SEGMENT_HEADER_CRC_OFFSET);
            header.putInt((int) crc.getValue()).flip();
            WalDirectory.writeFully(channel, header);
            forceHook.force(channel);
            dir.sync();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new SegmentWriter(file, firstSeq, channel, SEGMENT_HEADER_BYTES);
    }

    /** Reopens a recovered segment for appending after its last valid record. */
    static SegmentWriter reopen(Path file, long firstSeq, long validEnd) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.position(validEnd);
        return new SegmentWriter(file, firstSeq, channel, validEnd);
    }

    Path file() {
        return file;
    }

    long firstSequence() {
        return firstSequence;
    }

    long size() {
        return size;
    }

    void write(ByteBuffer bytes) throws IOException {
        size += bytes.remaining();
        WalDirectory.writeFully(channel, bytes);
    }

    void force(ForceHook forceHook) throws IOException {
        forceHook.force(channel);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

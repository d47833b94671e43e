package dev.distcounter.wal;

import static dev.distcounter.wal.WalFormat.RECORD_HEADER_BYTES;
import static dev.distcounter.wal.WalFormat.SEGMENT_HEADER_BYTES;
import static dev.distcounter.wal.WalFormat.SEGMENT_HEADER_CRC_OFFSET;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads one segment front to back through a reusable direct buffer, checking each record in
 * place; payloads are handed out as slices of that buffer, so replay copies nothing.
 *
 * <p>Use: {@link #headerProblem(long)}, then repeatedly {@link #check()} and {@link #advance(int)}.
 */
final class SegmentReader implements AutoCloseable {
    /** {@link #check()} result at the clean end of the file. */
    static final int END = 0;

    private final Path file;
    private final FileChannel channel;
    private final long fileSize;
    private final RecordCodec codec;
    private final ByteBuffer buf;
    private long bufStart;
    private int pos;
    private int fill;

    SegmentReader(Path file, ByteBuffer buffer, RecordCodec codec) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.fileSize = channel.size();
        this.codec = codec;
        this.buf = buffer.clear();
        this.bufStart = 0;
        this.pos = 0;
        this.fill = 0;
    }

    Path file() {
        return file;
    }

    long fileSize() {
        return fileSize;
    }

    /** File offset of the record {@link #check()} looks at next. */
    long offset() {
        return bufStart + pos;
    }

    /**
     * Reads and checks the segment header; returns null when it is intact and names
     * {@code expectedFirstSeq}, otherwise what is wrong. Leaves the reader at the first record.
     */
    String headerProblem(long expectedFirstSeq) throws IOException {
        refill();
        if (fill < SEGMENT_HEADER_BYTES) {
            return "segment header torn (" + fill + " of " + SEGMENT_HEADER_BYTES + " bytes)";
        }
        if (buf.getInt(0) != WalFormat.SEGMENT_MAGIC) {
            return "bad segment magic";
        }
        CRC32C crc = new CRC32C();
        ByteBuffer view = buf.duplicate();
        view.limit(SEGMENT_HEADER_CRC_OFFSET).position(0);
        crc.update(view);
        if ((int) crc.getValue() != buf.getInt(SEGMENT_HEADER_CRC_OFFSET)) {
            return "segment header checksum mismatch";
        }
        if (buf.getShort(4) != WalFormat.FORMAT_VERSION) {
            return "unsupported segment format version " + buf.getShort(4);
        }
        long firstSeq = buf.getLong(8);
        if (firstSeq != expectedFirstSeq) {
            return "segment header says first sequence " + firstSeq + " but the file name says " + expectedFirstSeq;
        }
        pos = SEGMENT_HEADER_BYTES;
        return null;
    }

    /**
     * Checks the record at {@link #offset()}: its size when intact, {@link #END} at the clean
     * end of the file, or one of the negative {@link RecordCodec} codes.
     */
    int check() throws IOException {
        while (true) {
            if (offset() == fileSize) {
                return END;
            }
            int result = codec.check(buf, pos, fill);
            if (result != RecordCodec.INCOMPLETE || bufStart + fill >= fileSize) {
                return result;
            }
            refill();
        }
    }

    long sequence() {
        return RecordCodec.sequence(buf, pos);
    }

    byte type() {
        return RecordCodec.type(buf, pos);
    }

    /** The current record's payload, valid until the next {@link #check()}. */
    ByteBuffer payload() {
        return buf.slice(pos + RECORD_HEADER_BYTES, RecordCodec.payloadLength(buf, pos));
    }

    void advance(int recordSize) {
        pos += recordSize;
    }

    /** Keeps the unread bytes, moves them to the front of the buffer and reads more after them. */
    private void refill() throws IOException {
        buf.limit(fill).position(pos);
        buf.compact();
        bufStart += pos;
        fill -= pos;
        pos = 0;
        while (buf.hasRemaining()) {
            if (channel.read(buf, bufStart + buf.position()) < 0) {
                break;
            }
        }
        fill = buf.position();
        buf.limit(buf.capacity());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package dev.distcounter.wal;

import static dev.distcounter.wal.WalFormat.RECORD_CRC_OFFSET;
import static dev.distcounter.wal.WalFormat.RECORD_HEADER_BYTES;
import static dev.distcounter.wal.WalFormat.RECORD_SEQ_OFFSET;
import static dev.distcounter.wal.WalFormat.RECORD_TYPE_OFFSET;

import dev.distcounter.common.Contracts;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Encodes and checks single records (layout in {@link WalFormat}). Stateless apart from a
 * reusable {@link CRC32C} and buffer view, so one instance belongs to one thread.
 */
final class RecordCodec {
    /** Fewer bytes than the record needs: a torn write if it is at the end of the file. */
    static final int INCOMPLETE = -1;
    /** The length field is larger than any record we write: garbage or a flipped bit. */
    static final int BAD_LENGTH = -2;
    /** All bytes present but the checksum does not match. */
    static final int BAD_CRC = -3;

    private final CRC32C crc = new CRC32C();
    private final int maxPayloadBytes;

    RecordCodec(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    static int frameSize(int payloadLength) {
        return RECORD_HEADER_BYTES + payloadLength;
    }

    /** Writes one record at {@code dst}'s position and advances it. */
    void encode(ByteBuffer dst, long seq, byte type, byte[] payload) {
        Contracts.check(payload.length <= maxPayloadBytes, "record payload within the maximum");
        int start = dst.position();
        dst.putInt(payload.length);
        dst.putInt(0); // checksum, filled in below
        dst.putLong(seq);
        dst.put(type);
        dst.put(payload);
        dst.putInt(start + RECORD_CRC_OFFSET, checksum(dst, start, payload.length));
    }

    /**
     * Checks the record starting at {@code pos} in {@code buf}, looking no further than
     * {@code limit}. Returns the whole record's size in bytes when it is intact, otherwise
     * {@link #INCOMPLETE}, {@link #BAD_LENGTH} or {@link #BAD_CRC}. Does not move the buffer.
     */
    int check(ByteBuffer buf, int pos, int limit) {
        if (limit - pos < 4) {
            return INCOMPLETE;
        }
        int length = buf.getInt(pos);
        if (length < 0 || length > maxPayloadBytes) {
            return BAD_LENGTH;
        }
        if (limit - pos < RECORD_HEADER_BYTES + length) {
            return INCOMPLETE;
        }
        int stored = buf.getInt(pos + RECORD_CRC_OFFSET);
        return stored == checksum(buf, pos, length) ? RECORD_HEADER_BYTES + length : BAD_CRC;
    }

    static long sequence(ByteBuffer buf, int pos) {
        return buf.getLong(pos + RECORD_SEQ_OFFSET);
    }

    static byte type(ByteBuffer buf, int pos) {
        return buf.get(pos + RECORD_TYPE_OFFSET);
    }

    static int payloadLength(ByteBuffer buf, int pos) {
        return buf.getInt(pos);
    }

    /** CRC32C of the length field and of everything after the CRC field. */
    private int checksum(ByteBuffer buf, int start, int payloadLength) {
        crc.reset();
        ByteBuffer view = buf.duplicate();
        view.limit(start + RECORD_CRC_OFFSET).position(start);
        crc.update(view);
        view.limit(start + RECORD_HEADER_BYTES + payloadLength).position(start + RECORD_SEQ_OFFSET);
        crc.update(view);
        return (int) crc.getValue();
    }
}

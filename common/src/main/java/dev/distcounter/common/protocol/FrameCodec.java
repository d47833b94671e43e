package dev.distcounter.common.protocol;

import dev.distcounter.common.NodeAddress;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes frames. Layout (big-endian), also in {@code docs/protocol.md}:
 *
 * <pre>
 * offset size field
 *  0     4    magic 0x44434750 ("DCGP")
 *  4     1    protocol version (1)
 *  5     1    message type ({@link MessageType} code)
 *  6     2    reserved, 0
 *  8     2    sender address length A (1..255)
 * 10     4    payload length L (0..max payload, 1 MiB by default)
 * 14     4    CRC32C of bytes 0..13, the sender and the payload
 * 18     A    sender's listening address, UTF-8 "host:port"
 * 18+A   L    payload
 * </pre>
 *
 * Lengths are checked before anything is allocated, so an oversized or garbage header costs
 * nothing but the connection it came on.
 *
 * <p>Guarantees: docs/guarantees.md §6.
 */
public final class FrameCodec {
    public static final int MAGIC = 0x44434750;
    public static final byte VERSION = 1;
    public static final int HEADER_BYTES = 18;
    public static final int CRC_OFFSET = 14;
    public static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024;

    private final int maxPayload;

    public FrameCodec(int maxPayload) {
        if (maxPayload < 0) {
            throw new IllegalArgumentException("maximum payload must not be negative");
        }
        this.maxPayload = maxPayload;
    }

    public FrameCodec() {
        this(DEFAULT_MAX_PAYLOAD);
    }

    public int maxPayload() {
        return maxPayload;
    }

    /** The frame as bytes, ready to write. Refuses payloads this codec would refuse to read. */
    public byte[] encode(Frame frame) {
        byte[] sender = frame.sender().toString().getBytes(StandardCharsets.UTF_8);
        if (frame.payload().length > maxPayload) {
            throw new IllegalArgumentException(
                    "payload of " + frame.payload().length + " bytes exceeds the maximum of " + maxPayload);
        }
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + sender.length + frame.payload().length);
        buf.putInt(MAGIC)
                .put(VERSION)
                .put((byte) frame.type().code())
                .putShort((short) 0)
                .putShort((short) sender.length)
                .putInt(frame.payload().length)
                .putInt(0)
                .put(sender)
                .put(frame.payload());
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, CRC_OFFSET);
        crc.update(buf.array(), HEADER_BYTES, sender.length + frame.payload().length);
        buf.putInt(CRC_OFFSET, (int) crc.getValue());
        return buf.array();
    }

    /**
     * Reads the next frame. Throws {@link EOFException} when the stream ends cleanly before a
     * frame starts, and {@link FrameException} (the connection should be closed) when the bytes
     * are not a valid frame, including a stream that ends inside one.
     */
    public Frame read(InputStream stream) throws IOException {
        DataInputStream in = stream instanceof DataInputStream d ? d : new DataInputStream(stream);
        byte[] header = new byte[HEADER_BYTES];
        int first = in.read();
        if (first < 0) {
            throw new EOFException("connection closed");
        }
        header[0] = (byte) first;
        readFully(in, header, 1, HEADER_BYTES - 1, "header");
        ByteBuffer h = ByteBuffer.wrap(header);
        int magic = h.getInt(0);
        if (magic != MAGIC) {
            throw new FrameException(String.format("bad magic 0x%08x (not a gossip frame)", magic));
        }
        if (h.get(4) != VERSION) {
            throw new FrameException("unsupported protocol version " + h.get(4));
        }
        if (h.getShort(6) != 0) {
            throw new FrameException("reserved header bytes are not zero");
        }
        int senderLength = Short.toUnsignedInt(h.getShort(8));
        if (senderLength == 0 || senderLength > NodeAddress.MAX_LENGTH) {
            throw new FrameException("sender address length " + senderLength + " outside 1.." + NodeAddress.MAX_LENGTH);
        }
        long payloadLength = Integer.toUnsignedLong(h.getInt(10));
        if (payloadLength > maxPayload) {
            throw new FrameException("payload of " + payloadLength + " bytes exceeds the maximum of " + maxPayload);
        }
        byte[] body = new byte[senderLength + (int) payloadLength];
        readFully(in, body, 0, body.length, "body");
        CRC32C crc = new CRC32C();
        crc.update(header, 0, CRC_OFFSET);
        crc.update(body);
        if ((int) crc.getValue() != h.getInt(CRC_OFFSET)) {
            throw new FrameException("checksum mismatch");
        }
        int code = Byte.toUnsignedInt(h.get(5));
        MessageType type =
                MessageType.fromCode(code).orElseThrow(() -> new FrameException("unknown message type " + code));
        NodeAddress sender;
        try {
            sender = NodeAddress.parse(new String(body, 0, senderLength, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new FrameException("bad sender address: " + e.getMessage());
        }
        byte[] payload = new byte[(int) payloadLength];
        System.arraycopy(body, senderLength, payload, 0, payload.length);
        return new Frame(type, sender, payload);
    }

    /** Decodes exactly one frame from {@code bytes}; trailing bytes are an error. */
    public Frame decode(byte[] bytes) throws FrameException {
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(bytes);
        try {
            Frame frame = read(in);
            if (in.available() > 0) {
                throw new FrameException(in.available() + " bytes after the frame");
            }
            return frame;
        } catch (FrameException e) {
            throw e;
        } catch (IOException e) {
            throw new FrameException("empty input");
        }
    }

    private static void readFully(DataInputStream in, byte[] into, int off, int len, String part) throws IOException {
        try {
            in.readFully(into, off, len);
        } catch (EOFException e) {
            throw new FrameException("connection closed inside a frame " + part);
        }
    }
}

package dev.distcounter.common.protocol;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.ClusterKey;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes frames. Layout (big-endian), version 2, also in {@code docs/protocol.md}:
 *
 * <pre>
 * offset size field
 *  0     4    magic 0x44434750 ("DCGP")
 *  4     1    protocol version (2)
 *  5     1    message type ({@link MessageType} code)
 *  6     1    authentication: 0 none, 1 HMAC-SHA256 (a MAC of 32 bytes follows the payload)
 *  7     1    reserved, 0
 *  8     2    sender address length A (1..255)
 * 10     4    payload length L (0..max payload, 1 MiB by default)
 * 14     4    key id: the signing key's fingerprint (0 when unsigned)
 * 18     8    timestamp: the sender's clock, ms since the epoch
 * 26     8    sequence: the sender's frame counter
 * 34     4    CRC32C of bytes 0..33, the sender, the payload and the MAC
 * 38     A    sender's listening address, UTF-8 "host:port"
 * 38+A   L    payload
 * 38+A+L M    MAC: HMAC-SHA256 of bytes 0..33, the sender and the payload (M = 32 when signed, else 0)
 * </pre>
 *
 * The MAC covers everything a receiver acts on (type, lengths, key id, stamp, sender, payload);
 * only the CRC is outside it. The CRC stays, although the MAC would catch any damage too: it is
 * cheap, it checks unsigned frames, and it tells a damaged or garbage frame ({@code invalid_frame})
 * from a well-formed frame without the right key ({@link UnauthenticatedFrameException}), which is
 * a stranger or a member with the wrong keys. It protects nothing against a forger, who can
 * compute it.
 *
 * <p>Lengths are checked before anything is allocated, so an oversized or garbage header costs
 * nothing but the connection it came on.
 *
 * <p>Guarantees: docs/guarantees.md §6 and §10.
 */
public final class FrameCodec {
    public static final int MAGIC = 0x44434750;
    public static final byte VERSION = 2;
    public static final int AUTH_OFFSET = 6;
    public static final int KEY_ID_OFFSET = 14;
    public static final int TIMESTAMP_OFFSET = 18;
    public static final int SEQUENCE_OFFSET = 26;
    public static final int CRC_OFFSET = 34;
    public static final int HEADER_BYTES = 38;
    /**
     * The largest payload sent or accepted: 1 MiB and 64 KiB, so that a key-value write of a 1 MiB
     * value, with its key and version (at most 1,049,887 bytes), fits in one frame.
     */
    public static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024 + 64 * 1024;
    /** Authentication byte: unsigned. */
    public static final byte AUTH_NONE = 0;
    /** Authentication byte: HMAC-SHA256, 32 bytes after the payload. */
    public static final byte AUTH_HMAC_SHA256 = 1;

    private final int maxPayload;
    private final FrameAuthenticator authenticator;

    /** A codec that signs and checks with {@code authenticator}. */
    public FrameCodec(int maxPayload, FrameAuthenticator authenticator) {
        if (maxPayload < 0) {
            throw new IllegalArgumentException("maximum payload must not be negative");
        }
        this.maxPayload = maxPayload;
        this.authenticator = authenticator;
    }

    /** A codec without a key: sends unsigned frames and accepts only those. */
    public FrameCodec(int maxPayload) {
        this(maxPayload, FrameAuthenticator.unkeyed());
    }

    public FrameCodec() {
        this(DEFAULT_MAX_PAYLOAD);
    }

    public int maxPayload() {
        return maxPayload;
    }

    /** The frame as bytes, unstamped ({@link FrameStamp#NONE}); see {@link #encode(Frame, FrameStamp)}. */
    public byte[] encode(Frame frame) {
        return encode(frame, FrameStamp.NONE);
    }

    /**
     * The frame as bytes, ready to write, signed with the primary key when there is one. Refuses
     * payloads this codec would refuse to read.
     */
    public byte[] encode(Frame frame, FrameStamp stamp) {
        byte[] sender = frame.sender().toString().getBytes(StandardCharsets.UTF_8);
        if (frame.payload().length > maxPayload) {
            throw new IllegalArgumentException(
                    "payload of " + frame.payload().length + " bytes exceeds the maximum of " + maxPayload);
        }
        Optional<ClusterKey> key = authenticator.signingKey();
        int body = sender.length + frame.payload().length;
        int macBytes = key.isPresent() ? FrameAuthenticator.MAC_BYTES : 0;
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + body + macBytes);
        buf.putInt(MAGIC)
                .put(VERSION)
                .put((byte) frame.type().code())
                .put(key.isPresent() ? AUTH_HMAC_SHA256 : AUTH_NONE)
                .put((byte) 0)
                .putShort((short) sender.length)
                .putInt(frame.payload().length)
                .putInt(key.map(ClusterKey::id).orElse(0))
                .putLong(stamp.timestamp())
                .putLong(stamp.sequence())
                .putInt(0)
                .put(sender)
                .put(frame.payload());
        byte[] bytes = buf.array();
        if (key.isPresent()) {
            byte[] mac = key.get().mac(bytes, CRC_OFFSET, bytes, HEADER_BYTES, body);
            System.arraycopy(mac, 0, bytes, HEADER_BYTES + body, mac.length);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_OFFSET);
        crc.update(bytes, HEADER_BYTES, body + macBytes);
        buf.putInt(CRC_OFFSET, (int) crc.getValue());
        return bytes;
    }

    /**
     * Reads the next frame; see {@link #receive}.
     */
    public Frame read(InputStream stream) throws IOException {
        return receive(stream).frame();
    }

    /**
     * Reads the next frame and what its header says about it. Throws {@link EOFException} when
     * the stream ends cleanly before a frame starts; {@link UnauthenticatedFrameException} when it
     * is well formed but the keyring does not let it in; and {@link FrameException} (the
     * connection should be closed in every case) when the bytes are not a valid frame, including
     * a stream that ends inside one.
     */
    public ReceivedFrame receive(InputStream stream) throws IOException {
        DataInputStream in = stream instanceof DataInputStream d ? d : new DataInputStream(stream);
        byte[] header = new byte[HEADER_BYTES];
        int first = in.read();
        if (first < 0) {
            throw new EOFException("connection closed");
        }
        header[0] = (byte) first;
        // The magic first: bytes that are not a frame at all (an HTTP request, say) are named as
        // such, even when there are fewer of them than a header.
        readFully(in, header, 1, 3, "header");
        ByteBuffer h = ByteBuffer.wrap(header);
        int magic = h.getInt(0);
        if (magic != MAGIC) {
            throw new FrameException(String.format("bad magic 0x%08x (not a gossip frame)", magic));
        }
        readFully(in, header, 4, HEADER_BYTES - 4, "header");
        if (h.get(4) != VERSION) {
            throw new FrameException("unsupported protocol version " + h.get(4) + " (this node speaks version "
                    + VERSION + "; every node of a cluster must run the same version)");
        }
        byte auth = h.get(AUTH_OFFSET);
        if (auth != AUTH_NONE && auth != AUTH_HMAC_SHA256) {
            throw new FrameException("unknown authentication scheme " + auth);
        }
        if (h.get(7) != 0) {
            throw new FrameException("reserved header byte is not zero");
        }
        int keyId = h.getInt(KEY_ID_OFFSET);
        if (auth == AUTH_NONE && keyId != 0) {
            throw new FrameException("unsigned frame with a key id");
        }
        int senderLength = Short.toUnsignedInt(h.getShort(8));
        if (senderLength == 0 || senderLength > NodeAddress.MAX_LENGTH) {
            throw new FrameException("sender address length " + senderLength + " outside 1.." + NodeAddress.MAX_LENGTH);
        }
        long payloadLength = Integer.toUnsignedLong(h.getInt(10));
        if (payloadLength > maxPayload) {
            throw new FrameException("payload of " + payloadLength + " bytes exceeds the maximum of " + maxPayload);
        }
        int covered = senderLength + (int) payloadLength;
        int macBytes = auth == AUTH_HMAC_SHA256 ? FrameAuthenticator.MAC_BYTES : 0;
        byte[] body = new byte[covered + macBytes];
        readFully(in, body, 0, body.length, "body");
        CRC32C crc = new CRC32C();
        crc.update(header, 0, CRC_OFFSET);
        crc.update(body);
        if ((int) crc.getValue() != h.getInt(CRC_OFFSET)) {
            throw new FrameException("checksum mismatch");
        }
        // Before anything else of the frame is believed: a stranger's type or sender is no
        // reason to act, only to refuse.
        boolean authenticated = authenticator.check(auth == AUTH_HMAC_SHA256, keyId, header, CRC_OFFSET, body, covered);
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
        FrameStamp stamp = new FrameStamp(h.getLong(TIMESTAMP_OFFSET), h.getLong(SEQUENCE_OFFSET));
        return new ReceivedFrame(new Frame(type, sender, payload), stamp, authenticated);
    }

    /** Decodes exactly one frame from {@code bytes}; trailing bytes are an error. */
    public Frame decode(byte[] bytes) throws FrameException {
        return decodeReceived(bytes).frame();
    }

    /** {@link #decode}, with what the header says about the frame. */
    public ReceivedFrame decodeReceived(byte[] bytes) throws FrameException {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        try {
            ReceivedFrame frame = receive(in);
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

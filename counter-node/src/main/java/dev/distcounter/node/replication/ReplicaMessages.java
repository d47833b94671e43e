package dev.distcounter.node.replication;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.kv.KeyLimits;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kv.VersionedCodec;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * The payloads of the key-value replication frames (docs/protocol.md, "Key-value payloads").
 * Big-endian; "key", "version" and "held" are {@link VersionedCodec}'s forms.
 *
 * <table>
 *   <caption>Payloads</caption>
 *   <tr><th>type</th><th>payload</th></tr>
 *   <tr><td>KV_READ (32)</td><td>i64 request id, key</td></tr>
 *   <tr><td>KV_READ_REPLY (33)</td><td>i64 request id, held (kind 0, 1 or 2)</td></tr>
 *   <tr><td>KV_WRITE (34)</td><td>i64 request id, key, held (kind 1 or 2)</td></tr>
 *   <tr><td>KV_WRITE_REPLY (35)</td><td>i64 request id, u8 status (0 stored, 1 holds newer,
 *       2 failed, 3 in memory); for 0, 1 and 3 a version; for 0 the counter it replaced (i64)</td></tr>
 *   <tr><td>KV_HINTED_WRITE (46)</td><td>i64 request id, u16 home length (1..255), home
 *       {@code host:port} UTF-8, key, held (kind 1 or 2)</td></tr>
 * </table>
 *
 * Each encoding is allocated at its exact size. Decoding refuses a truncated payload, trailing
 * bytes, an unknown kind or status, a key or value beyond {@link KeyLimits} and malformed UTF-8,
 * with an {@link IllegalArgumentException} naming the message and the reason.
 */
public final class ReplicaMessages {
    private static final int REQUEST_ID_BYTES = Long.BYTES;
    private static final int PRIOR_COUNTER_BYTES = 8;

    private ReplicaMessages() {}

    public static byte[] encode(ReadRequest request) {
        byte[] key = VersionedCodec.utf8(request.key());
        ByteBuffer out = ByteBuffer.allocate(REQUEST_ID_BYTES + VersionedCodec.keySize(key));
        out.putLong(request.requestId());
        VersionedCodec.writeKey(out, key);
        return out.array();
    }

    public static ReadRequest decodeReadRequest(byte[] payload) {
        return decode("read request", payload, in -> new ReadRequest(in.getLong(), VersionedCodec.readKey(in)));
    }

    public static byte[] encode(ReadReply reply) {
        ByteBuffer out = ByteBuffer.allocate(REQUEST_ID_BYTES + VersionedCodec.heldSize(reply.held()));
        out.putLong(reply.requestId());
        VersionedCodec.writeHeld(out, reply.held());
        return out.array();
    }

    public static ReadReply decodeReadReply(byte[] payload) {
        return decode("read reply", payload, in -> new ReadReply(in.getLong(), VersionedCodec.readHeld(in)));
    }

    public static byte[] encode(WriteRequest request) {
        byte[] key = VersionedCodec.utf8(request.key());
        ByteBuffer out = ByteBuffer.allocate(
                REQUEST_ID_BYTES + VersionedCodec.keySize(key) + VersionedCodec.heldSize(request.write()));
        out.putLong(request.requestId());
        VersionedCodec.writeKey(out, key);
        VersionedCodec.writeHeld(out, request.write());
        return out.array();
    }

    public static WriteRequest decodeWriteRequest(byte[] payload) {
        return decode("write request", payload, in -> {
            long requestId = in.getLong();
            String key = VersionedCodec.readKey(in);
            Versioned write = VersionedCodec.readHeld(in);
            if (write == null) {
                throw new IllegalArgumentException("kind 0 (nothing): a write carries a value (1) or a tombstone (2)");
            }
            return new WriteRequest(requestId, key, write);
        });
    }

    public static byte[] encode(HintedWriteRequest request) {
        byte[] home = VersionedCodec.utf8(request.home());
        byte[] write = encode(request.write());
        ByteBuffer out = ByteBuffer.allocate(write.length + 2 + home.length);
        out.putLong(request.requestId()).putShort((short) home.length).put(home);
        out.put(write, REQUEST_ID_BYTES, write.length - REQUEST_ID_BYTES);
        return out.array();
    }

    public static HintedWriteRequest decodeHintedWriteRequest(byte[] payload) {
        return decode("hinted write request", payload, in -> {
            long requestId = in.getLong();
            if (in.remaining() < 2) {
                throw new IllegalArgumentException("truncated before the home's length");
            }
            int length = Short.toUnsignedInt(in.getShort());
            if (length < 1 || length > NodeAddress.MAX_LENGTH) {
                throw new IllegalArgumentException("home length " + length + " out of range");
            }
            String home = VersionedCodec.readUtf8(in, length, "home");
            String key = VersionedCodec.readKey(in);
            Versioned write = VersionedCodec.readHeld(in);
            if (write == null) {
                throw new IllegalArgumentException("kind 0 (nothing): a write carries a value (1) or a tombstone (2)");
            }
            return new HintedWriteRequest(requestId, home, new WriteRequest(requestId, key, write));
        });
    }

    public static byte[] encode(WriteReply reply) {
        Version held = reply.held();
        boolean stored = reply.status() == WriteReply.Status.STORED;
        ByteBuffer out = ByteBuffer.allocate(REQUEST_ID_BYTES
                + 1
                + (held == null ? 0 : VersionedCodec.versionSize(held))
                + (stored ? PRIOR_COUNTER_BYTES : 0));
        out.putLong(reply.requestId()).put((byte) reply.status().code());
        if (held != null) {
            VersionedCodec.writeVersion(out, held);
        }
        if (stored) {
            out.putLong(reply.priorCounter());
        }
        return out.array();
    }

    public static WriteReply decodeWriteReply(byte[] payload) {
        return decode("write reply", payload, in -> {
            long requestId = in.getLong();
            if (!in.hasRemaining()) {
                throw new IllegalArgumentException("truncated before the status");
            }
            WriteReply.Status status = WriteReply.Status.fromCode(Byte.toUnsignedInt(in.get()));
            Version held = status == WriteReply.Status.FAILED ? null : VersionedCodec.readVersion(in);
            long prior = 0;
            if (status == WriteReply.Status.STORED) {
                if (in.remaining() < PRIOR_COUNTER_BYTES) {
                    throw new IllegalArgumentException("truncated before the prior counter");
                }
                prior = in.getLong();
            }
            return new WriteReply(requestId, status, held, prior);
        });
    }

    /**
     * Decodes all of {@code payload} with {@code read}, which starts with the request id.
     *
     * @throws IllegalArgumentException "{what}: {reason}" for anything malformed
     */
    private static <T> T decode(String what, byte[] payload, Function<ByteBuffer, T> read) {
        try {
            if (payload.length < REQUEST_ID_BYTES) {
                throw new IllegalArgumentException("truncated before the request id");
            }
            ByteBuffer in = ByteBuffer.wrap(payload);
            T message = read.apply(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(
                        "trailing bytes: " + in.remaining() + " after the end of the message");
            }
            return message;
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException(
                    "malformed " + what + " (" + payload.length + " bytes): " + malformed.getMessage(), malformed);
        }
    }

    /** What every message refuses to carry: a key no replica may hold. */
    static void checkKey(String key) {
        String problem = KeyLimits.keyProblem(key);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** What every message refuses to carry: a value no replica may hold (null: nothing held). */
    static void checkValue(Versioned held) {
        if (held != null && !held.deleted()) {
            String problem = KeyLimits.valueProblem(held.value());
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
    }
}

package dev.distcounter.node.kv;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of keys, versions and held values, shared by the replication frames
 * (docs/protocol.md) and the replica log (docs/wal-format.md). Big-endian, as every format here.
 *
 * <table>
 *   <caption>Encodings</caption>
 *   <tr><th>item</th><th>bytes</th></tr>
 *   <tr><td>key</td><td>u16 length (1..1024), UTF-8</td></tr>
 *   <tr><td>version</td><td>i64 counter (&ge; 1), u8 writer length (1..255), writer UTF-8, i64 stamp</td></tr>
 *   <tr><td>held</td><td>u8 kind (0 nothing, 1 value, 2 tombstone); for 1 and 2 a version; for 1 a u32
 *       length (0..1 MiB) and the value's UTF-8</td></tr>
 * </table>
 *
 * Decoding checks every length against {@link KeyLimits} and refuses malformed UTF-8, so nothing
 * decoded is larger than the limits allow; it throws {@link IllegalArgumentException} with the
 * reason.
 */
public final class VersionedCodec {
    static final int MAX_WRITER_BYTES = 255;
    private static final byte NOTHING = 0;
    private static final byte VALUE = 1;
    private static final byte TOMBSTONE = 2;

    private VersionedCodec() {}

    /** Bytes {@link #writeKey} takes. */
    public static int keySize(byte[] utf8Key) {
        return 2 + utf8Key.length;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static void writeKey(ByteBuffer out, byte[] utf8Key) {
        if (utf8Key.length < 1 || utf8Key.length > KeyLimits.MAX_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "key of " + utf8Key.length + " bytes: must be 1.." + KeyLimits.MAX_KEY_BYTES);
        }
        out.putShort((short) utf8Key.length).put(utf8Key);
    }

    public static String readKey(ByteBuffer in) {
        int length = Short.toUnsignedInt(get("key length", () -> in.getShort()));
        if (length < 1 || length > KeyLimits.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key length " + length + " outside 1.." + KeyLimits.MAX_KEY_BYTES);
        }
        return readUtf8(in, length, "key");
    }

    /** Bytes {@link #writeHeld} takes for {@code held} (null: nothing). */
    public static int heldSize(Versioned held) {
        if (held == null) {
            return 1;
        }
        int size = 1 + versionSize(held.version());
        return held.deleted() ? size : size + 4 + utf8(held.value()).length;
    }

    /** Bytes {@link #writeVersion} takes. */
    public static int versionSize(Version v) {
        return 8 + 1 + utf8(v.writer()).length + 8;
    }

    /** Writes {@code held} (null: nothing held). */
    public static void writeHeld(ByteBuffer out, Versioned held) {
        if (held == null) {
            out.put(NOTHING);
            return;
        }
        out.put(held.deleted() ? TOMBSTONE : VALUE);
        writeVersion(out, held.version());
        if (!held.deleted()) {
            byte[] value = utf8(held.value());
            out.putInt(value.length).put(value);
        }
    }

    /** Reads what {@link #writeHeld} wrote; null for nothing. */
    public static Versioned readHeld(ByteBuffer in) {
        byte kind = get("kind", () -> in.get());
        return switch (kind) {
            case NOTHING -> null;
            case TOMBSTONE -> Versioned.tombstone(readVersion(in));
            case VALUE -> {
                Version version = readVersion(in);
                int length = get("value length", () -> in.getInt());
                if (length < 0 || length > KeyLimits.MAX_VALUE_BYTES) {
                    throw new IllegalArgumentException("value length " + Integer.toUnsignedLong(length) + " outside 0.."
                            + KeyLimits.MAX_VALUE_BYTES);
                }
                yield Versioned.value(version, readUtf8(in, length, "value"));
            }
            default ->
                throw new IllegalArgumentException("unknown kind " + kind + " (0 nothing, 1 value, 2 tombstone)");
        };
    }

    public static void writeVersion(ByteBuffer out, Version v) {
        byte[] writer = utf8(v.writer());
        if (writer.length > MAX_WRITER_BYTES) {
            throw new IllegalArgumentException(
                    "writer name of " + writer.length + " bytes: at most " + MAX_WRITER_BYTES);
        }
        out.putLong(v.counter()).put((byte) writer.length).put(writer).putLong(v.stamp());
    }

    public static Version readVersion(ByteBuffer in) {
        long counter = get("version counter", () -> in.getLong());
        int writerLength = Byte.toUnsignedInt(get("writer length", () -> in.get()));
        String writer = readUtf8(in, writerLength, "writer");
        long stamp = get("stamp", () -> in.getLong());
        return new Version(counter, writer, stamp); // refuses a counter below 1 or an empty writer
    }

    /** {@code length} bytes of strict UTF-8 ({@code what} names them in the error). */
    public static String readUtf8(ByteBuffer in, int length, String what) {
        if (in.remaining() < length) {
            throw new IllegalArgumentException(what + " of " + length + " bytes but only " + in.remaining() + " left");
        }
        ByteBuffer slice = in.slice(in.position(), length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid UTF-8", e);
        }
    }

    private interface Read<T> {
        T read();
    }

    private static <T> T get(String what, Read<T> read) {
        try {
            return read.read();
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated before the " + what, e);
        }
    }
}

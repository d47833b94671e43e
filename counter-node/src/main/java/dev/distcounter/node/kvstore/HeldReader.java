package dev.distcounter.node.kvstore;

import dev.distcounter.node.kv.KeyLimits;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kv.VersionedCodec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads keys and held values in {@link VersionedCodec}'s form, for replaying a replica log of a
 * million entries quickly: it accepts and refuses exactly what {@code VersionedCodec} does (same
 * limits, strict UTF-8, {@link IllegalArgumentException} with the reason), but allocates nothing
 * per entry beyond the key, the value, the {@link Version} and the {@link Versioned}:
 * <ul>
 *   <li>bytes are copied into one reused scratch array, and ASCII (the usual case) becomes a
 *       string with a single copy; anything else goes through one reused strict decoder;</li>
 *   <li>writer names (a cluster has few coordinators) are interned: every version of the same
 *       writer shares one string, which saves a string per entry in memory as well.</li>
 * </ul>
 * Not thread-safe: one per replay. A held value of kind "nothing" is refused: the log never
 * stores one.
 */
final class HeldReader {
    /** Distinct writer names kept; past this (a very unusual cluster) names are simply not shared. */
    private static final int MAX_INTERNED = 64;

    private static final byte VALUE = 1;
    private static final byte TOMBSTONE = 2;

    private byte[] scratch = new byte[256];
    private final byte[][] writerBytes = new byte[MAX_INTERNED][];
    private final String[] writers = new String[MAX_INTERNED];
    private int interned;
    private final CharsetDecoder strict = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    String key(ByteBuffer in) {
        need(in, 2, "key length");
        int length = Short.toUnsignedInt(in.getShort());
        if (length < 1 || length > KeyLimits.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key length " + length + " outside 1.." + KeyLimits.MAX_KEY_BYTES);
        }
        return string(in, length, "key");
    }

    Versioned held(ByteBuffer in) {
        need(in, 1, "kind");
        byte kind = in.get();
        if (kind != VALUE && kind != TOMBSTONE) {
            throw new IllegalArgumentException("kind " + kind + " where a value (1) or a tombstone (2) was expected");
        }
        Version version = version(in);
        if (kind == TOMBSTONE) {
            return Versioned.tombstone(version);
        }
        need(in, 4, "value length");
        int length = in.getInt();
        if (length < 0 || length > KeyLimits.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException(
                    "value length " + Integer.toUnsignedLong(length) + " outside 0.." + KeyLimits.MAX_VALUE_BYTES);
        }
        return Versioned.value(version, string(in, length, "value"));
    }

    private Version version(ByteBuffer in) {
        need(in, 8, "version counter");
        long counter = in.getLong();
        need(in, 1, "writer length");
        int length = Byte.toUnsignedInt(in.get());
        String writer = writer(in, length);
        need(in, 8, "stamp");
        return new Version(counter, writer, in.getLong()); // refuses a counter below 1 or an empty writer
    }

    /** The writer's name, shared with earlier versions of the same writer. */
    private String writer(ByteBuffer in, int length) {
        copy(in, length, "writer");
        for (int i = 0; i < interned; i++) {
            byte[] known = writerBytes[i];
            if (known.length == length && Arrays.equals(known, 0, length, scratch, 0, length)) {
                return writers[i];
            }
        }
        String writer = decode(length, "writer");
        if (interned < MAX_INTERNED) {
            writerBytes[interned] = Arrays.copyOf(scratch, length);
            writers[interned++] = writer;
        }
        return writer;
    }

    private String string(ByteBuffer in, int length, String what) {
        copy(in, length, what);
        return decode(length, what);
    }

    private void copy(ByteBuffer in, int length, String what) {
        if (in.remaining() < length) {
            throw new IllegalArgumentException(what + " of " + length + " bytes but only " + in.remaining() + " left");
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, Math.min(2 * scratch.length, KeyLimits.MAX_VALUE_BYTES))];
        }
        in.get(scratch, 0, length);
    }

    /** The first {@code length} scratch bytes as a string, refusing malformed UTF-8. */
    private String decode(int length, String what) {
        if (ascii(scratch, length)) {
            // ASCII is Latin-1 as well: one copy into a compact string, no decoding.
            return new String(scratch, 0, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return strict.decode(ByteBuffer.wrap(scratch, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid UTF-8", e);
        }
    }

    private static boolean ascii(byte[] bytes, int length) {
        int all = 0;
        for (int i = 0; i < length; i++) {
            all |= bytes[i];
        }
        return all >= 0;
    }

    private static void need(ByteBuffer in, int bytes, String what) {
        if (in.remaining() < bytes) {
            throw new IllegalArgumentException("truncated before the " + what);
        }
    }
}

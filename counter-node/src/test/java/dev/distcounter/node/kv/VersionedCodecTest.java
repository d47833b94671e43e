package dev.distcounter.node.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The binary form of keys, versions and held values: round trips, exact sizes, every refusal. */
class VersionedCodecTest {
    static final Version V = new Version(7, "localhost:9001", 3);

    @Provide
    Arbitrary<String> keys() {
        return VersionedValues.keys();
    }

    @Provide
    Arbitrary<Versioned> held() {
        return VersionedValues.held();
    }

    static byte[] heldBytes(Versioned held) {
        ByteBuffer out = ByteBuffer.allocate(VersionedCodec.heldSize(held));
        VersionedCodec.writeHeld(out, held);
        assertThat(out.hasRemaining()).as("heldSize is exact").isFalse();
        return out.array();
    }

    static byte[] keyBytes(String key) {
        byte[] utf8 = VersionedCodec.utf8(key);
        ByteBuffer out = ByteBuffer.allocate(VersionedCodec.keySize(utf8));
        VersionedCodec.writeKey(out, utf8);
        assertThat(out.hasRemaining()).as("keySize is exact").isFalse();
        return out.array();
    }

    @Property
    void heldValuesRoundTrip(@ForAll("held") Versioned held) {
        ByteBuffer in = ByteBuffer.wrap(heldBytes(held));
        assertThat(VersionedCodec.readHeld(in)).isEqualTo(held);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Property
    void keysRoundTrip(@ForAll("keys") String key) {
        ByteBuffer in = ByteBuffer.wrap(keyBytes(key));
        assertThat(VersionedCodec.readKey(in)).isEqualTo(key);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Property(tries = 200)
    void everyTruncationOfAHeldValueIsRefused(@ForAll("held") Versioned held) {
        byte[] bytes = heldBytes(held);
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> VersionedCodec.readHeld(ByteBuffer.wrap(cut)))
                    .as("cut to %d of %d", n, bytes.length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void everyTruncationOfAKeyIsRefused() {
        byte[] bytes = keyBytes("clé");
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> VersionedCodec.readKey(ByteBuffer.wrap(cut)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aKeyOf1024BytesIsTheLongest() {
        String longest = "k".repeat(KeyLimits.MAX_KEY_BYTES);
        assertThat(VersionedCodec.readKey(ByteBuffer.wrap(keyBytes(longest)))).isEqualTo(longest);
        byte[] tooLong = VersionedCodec.utf8(longest + "k");
        assertThatThrownBy(() -> VersionedCodec.writeKey(ByteBuffer.allocate(2000), tooLong))
                .hasMessageContaining("1025 bytes");
        ByteBuffer claimed =
                ByteBuffer.allocate(2 + 1025).putShort((short) 1025).put(tooLong);
        assertThatThrownBy(() -> VersionedCodec.readKey(claimed.flip())).hasMessageContaining("key length 1025");
    }

    @Test
    void anEmptyKeyIsRefused() {
        assertThatThrownBy(() -> VersionedCodec.writeKey(ByteBuffer.allocate(2), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VersionedCodec.readKey(ByteBuffer.wrap(new byte[2])))
                .hasMessageContaining("key length 0");
    }

    @Test
    void aValueOf1MiBIsTheLargest() {
        Versioned largest = Versioned.value(V, "v".repeat(KeyLimits.MAX_VALUE_BYTES));
        assertThat(VersionedCodec.readHeld(ByteBuffer.wrap(heldBytes(largest)))).isEqualTo(largest);
        assertThatThrownBy(() -> VersionedCodec.readHeld(ByteBuffer.wrap(valueClaiming(KeyLimits.MAX_VALUE_BYTES + 1))))
                .hasMessageContaining("value length 1048577");
        assertThatThrownBy(() -> VersionedCodec.readHeld(ByteBuffer.wrap(valueClaiming(-1))))
                .hasMessageContaining("value length 4294967295");
    }

    /** A held value whose length field says {@code length}, followed by that many bytes if any. */
    static byte[] valueClaiming(int length) {
        byte[] head = heldBytes(Versioned.value(V, ""));
        ByteBuffer out = ByteBuffer.allocate(head.length + Math.max(length, 0));
        out.put(head).putInt(head.length - 4, length);
        Arrays.fill(out.array(), head.length, out.capacity(), (byte) 'v');
        return out.array();
    }

    @Test
    void anUnknownKindIsRefused() {
        byte[] bytes = heldBytes(Versioned.tombstone(V));
        bytes[0] = 3;
        assertThatThrownBy(() -> VersionedCodec.readHeld(ByteBuffer.wrap(bytes)))
                .hasMessageContaining("unknown kind 3");
    }

    @Test
    void malformedUtf8IsRefused() {
        byte[] bytes = keyBytes("ab");
        bytes[2] = (byte) 0xC3; // a lead byte with no continuation
        assertThatThrownBy(() -> VersionedCodec.readKey(ByteBuffer.wrap(bytes)))
                .hasMessageContaining("not valid UTF-8");
        byte[] value = heldBytes(Versioned.value(V, "x"));
        value[value.length - 1] = (byte) 0xFF;
        assertThatThrownBy(() -> VersionedCodec.readHeld(ByteBuffer.wrap(value)))
                .hasMessageContaining("value is not valid UTF-8");
    }

    @Test
    void aVersionNeedsACounterOfAtLeastOneAndAWriter() {
        byte[] bytes = heldBytes(Versioned.tombstone(V));
        ByteBuffer.wrap(bytes).putLong(1, 0);
        assertThatThrownBy(() -> VersionedCodec.readHeld(ByteBuffer.wrap(bytes)))
                .hasMessageContaining("at least 1");
        byte[] noWriter = ByteBuffer.allocate(8 + 1 + 8)
                .putLong(1)
                .put((byte) 0)
                .putLong(0)
                .array();
        assertThatThrownBy(() -> VersionedCodec.readVersion(ByteBuffer.wrap(noWriter)))
                .hasMessageContaining("writer's name");
    }

    @Test
    void aWriterNameOfMoreThan255BytesIsRefused() {
        Version longest = new Version(1, "w".repeat(255), 0);
        ByteBuffer out = ByteBuffer.allocate(VersionedCodec.versionSize(longest));
        VersionedCodec.writeVersion(out, longest);
        assertThat(VersionedCodec.readVersion(out.flip())).isEqualTo(longest);
        Version tooLong = new Version(1, "w".repeat(256), 0);
        assertThatThrownBy(() -> VersionedCodec.writeVersion(ByteBuffer.allocate(300), tooLong))
                .hasMessageContaining("256 bytes");
    }
}

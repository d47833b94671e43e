package dev.distcounter.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.common.NodeAddress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The frame layout, unsigned: round trips, every rejection of a damaged or malformed frame. The
 * MAC and keyrings: {@link FrameAuthenticationTest}.
 *
 * <p>Guarantees: docs/guarantees.md §6.
 */
class FrameCodecTest {
    final FrameCodec codec = new FrameCodec(4096);
    final NodeAddress sender = NodeAddress.parse("localhost:9001");

    @Provide
    Arbitrary<Frame> frames() {
        Arbitrary<MessageType> types = Arbitraries.of(MessageType.class);
        Arbitrary<NodeAddress> senders = Combinators.combine(
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .ofMinLength(1)
                                .ofMaxLength(40),
                        Arbitraries.integers().between(1, 65535))
                .as(NodeAddress::new);
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
        return Combinators.combine(types, senders, payloads).as(Frame::new);
    }

    @Property
    void everyFrameRoundTrips(@ForAll("frames") Frame frame) throws Exception {
        assertThat(codec.decode(codec.encode(frame))).isEqualTo(frame);
    }

    @Property(tries = 50)
    void framesReadBackToBackFromOneStream(@ForAll @Size(min = 1, max = 10) List<@From("frames") Frame> frames)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : frames) {
            out.write(codec.encode(f));
        }
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        for (Frame f : frames) {
            assertThat(codec.read(in)).isEqualTo(f);
        }
        assertThatThrownBy(() -> codec.read(in)).isInstanceOf(EOFException.class);
    }

    @Property
    void anyBitFlipIsRejected(
            @ForAll("frames") Frame frame, @ForAll @IntRange(min = 0) int where, @ForAll @IntRange(max = 7) int bit) {
        byte[] bytes = codec.encode(frame);
        int at = where % bytes.length;
        bytes[at] ^= (byte) (1 << bit);
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(FrameException.class);
    }

    @Test
    void truncationAtEveryByteIsRejected() {
        byte[] bytes = codec.encode(new Frame(MessageType.PUSH, sender, new byte[] {1, 2, 3}));
        for (int length = 1; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> codec.read(new ByteArrayInputStream(cut)))
                    .as("cut to %d bytes", length)
                    .isInstanceOf(FrameException.class)
                    .hasMessageContaining("closed inside a frame");
        }
        assertThatThrownBy(() -> codec.read(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void badMagicIsRejected() {
        byte[] bytes = codec.encode(new Frame(MessageType.PULL, sender, new byte[0]));
        bytes[0] = 'G';
        assertThatThrownBy(() -> codec.decode(bytes)).hasMessageContaining("bad magic");
        byte[] http = "GET /counter HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> codec.decode(http)).hasMessageContaining("bad magic");
    }

    @Test
    void otherVersionsAreRejected() {
        assertThatThrownBy(() -> codec.decode(withHeader(b -> b.put(4, (byte) 3))))
                .hasMessageContaining("unsupported protocol version 3");
        // Version 1 (before keys): refused with a reason that says what to do.
        assertThatThrownBy(() -> codec.decode(withHeader(b -> b.put(4, (byte) 1))))
                .hasMessageContaining("unsupported protocol version 1")
                .hasMessageContaining("every node of a cluster must run the same version");
    }

    @Test
    void nonZeroReservedByteIsRejected() {
        assertThatThrownBy(() -> codec.decode(withHeader(b -> b.put(7, (byte) 1))))
                .hasMessageContaining("reserved");
    }

    @Test
    void unknownAuthenticationSchemeAndAKeyIdOnAnUnsignedFrameAreRejected() {
        assertThatThrownBy(() -> codec.decode(withHeader(b -> b.put(FrameCodec.AUTH_OFFSET, (byte) 7))))
                .hasMessageContaining("unknown authentication scheme 7");
        assertThatThrownBy(() -> codec.decode(withHeader(b -> b.putInt(FrameCodec.KEY_ID_OFFSET, 42))))
                .hasMessageContaining("unsigned frame with a key id");
    }

    @Test
    void theStampRoundTrips() throws Exception {
        FrameStamp stamp = new FrameStamp(1_795_240_627_338L, 77);
        byte[] bytes = codec.encode(new Frame(MessageType.HEARTBEAT, sender, new byte[] {1}), stamp);
        ReceivedFrame received = codec.decodeReceived(bytes);
        assertThat(received.stamp()).isEqualTo(stamp);
        assertThat(received.authenticated())
                .as("a codec without a key authenticates nothing")
                .isFalse();
    }

    @Test
    void unknownTypeIsRejectedEvenWithAValidChecksum() {
        assertThatThrownBy(() -> codec.decode(withHeader(b -> b.put(5, (byte) 200))))
                .hasMessageContaining("unknown message type 200");
    }

    @Test
    void oversizedPayloadIsRejectedBeforeItIsRead() {
        // Claims 2 GiB but sends nothing more: rejected from the header alone.
        byte[] header = withHeader(b -> b.putInt(10, Integer.MAX_VALUE));
        assertThatThrownBy(() -> codec.read(new ByteArrayInputStream(Arrays.copyOf(header, FrameCodec.HEADER_BYTES))))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("exceeds the maximum of 4096");
        assertThatThrownBy(() -> codec.encode(new Frame(MessageType.PUSH, sender, new byte[4097])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void senderLengthOutOfRangeIsRejected() {
        assertThatThrownBy(() -> codec.decode(withHeader(b -> b.putShort(8, (short) 0))))
                .hasMessageContaining("sender address length 0");
        assertThatThrownBy(() -> codec.decode(withHeader(b -> b.putShort(8, (short) 300))))
                .hasMessageContaining("sender address length 300");
    }

    @Test
    void unparseableSenderIsRejected() {
        byte[] bad = "not an address".getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(FrameCodec.HEADER_BYTES + bad.length);
        buf.putInt(FrameCodec.MAGIC)
                .put(FrameCodec.VERSION)
                .put((byte) 1)
                .put(FrameCodec.AUTH_NONE)
                .put((byte) 0)
                .putShort((short) bad.length)
                .putInt(0)
                .putInt(0)
                .putLong(0)
                .putLong(0)
                .putInt(0)
                .put(bad);
        byte[] bytes = resign(buf.array());
        assertThatThrownBy(() -> codec.decode(bytes)).hasMessageContaining("bad sender address");
    }

    @Test
    void randomGarbageIsRejected() {
        Random random = new Random(42);
        for (int i = 0; i < 1_000; i++) {
            byte[] garbage = new byte[1 + random.nextInt(4096)];
            random.nextBytes(garbage);
            assertThatThrownBy(() -> codec.decode(garbage)).isInstanceOf(FrameException.class);
        }
    }

    /** A valid PULL frame with {@code change} applied to its header and the checksum recomputed. */
    private byte[] withHeader(java.util.function.Consumer<ByteBuffer> change) {
        byte[] bytes = codec.encode(new Frame(MessageType.PULL, sender, new byte[] {9}));
        change.accept(ByteBuffer.wrap(bytes));
        return resign(bytes);
    }

    /** The frame with its checksum recomputed over what it holds now (the CRC protects nothing against a forger). */
    static byte[] resign(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, FrameCodec.CRC_OFFSET);
        crc.update(bytes, FrameCodec.HEADER_BYTES, bytes.length - FrameCodec.HEADER_BYTES);
        ByteBuffer.wrap(bytes).putInt(FrameCodec.CRC_OFFSET, (int) crc.getValue());
        return bytes;
    }
}

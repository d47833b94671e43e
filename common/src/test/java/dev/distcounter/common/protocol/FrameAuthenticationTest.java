package dev.distcounter.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.Keyring;
import dev.distcounter.common.protocol.UnauthenticatedFrameException.Reason;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Signed frames: what the MAC covers, and every way a frame without the right key is refused.
 *
 * <p>Guarantees: docs/guarantees.md §10.
 */
class FrameAuthenticationTest {
    static final ClusterKey K1 = ClusterKey.generate(new Random(1));
    static final ClusterKey K2 = ClusterKey.generate(new Random(2));
    static final ClusterKey STRANGER = ClusterKey.generate(new Random(99));
    static final FrameStamp STAMP = new FrameStamp(1_795_240_627_338L, 5);

    final NodeAddress sender = NodeAddress.parse("localhost:9001");
    final FrameCodec signedWithK1 = codec(Keyring.of(K1));
    final FrameCodec unkeyed = new FrameCodec(4096);

    static FrameCodec codec(Keyring keyring) {
        return new FrameCodec(4096, new FrameAuthenticator(() -> keyring));
    }

    /** The frames of {@link FrameCodecTest}: every type, senders and payloads up to the codec's 4 KiB. */
    @Provide
    Arbitrary<Frame> frames() {
        return new FrameCodecTest().frames();
    }

    @Property
    void everySignedFrameRoundTripsWithItsStamp(
            @ForAll("frames") Frame frame, @ForAll long timestamp, @ForAll long sequence) throws Exception {
        FrameStamp stamp = new FrameStamp(timestamp, sequence);
        ReceivedFrame received = signedWithK1.decodeReceived(signedWithK1.encode(frame, stamp));
        assertThat(received.frame()).isEqualTo(frame);
        assertThat(received.stamp()).isEqualTo(stamp);
        assertThat(received.authenticated()).isTrue();
    }

    /** Any change to a signed frame is refused, even with its checksum made right again. */
    @Property(tries = 2000)
    void anyTamperingIsRefusedEvenWithTheChecksumFixed(
            @ForAll("frames") Frame frame, @ForAll @IntRange(min = 0) int where, @ForAll @IntRange(max = 7) int bit) {
        byte[] bytes = signedWithK1.encode(frame, STAMP);
        int at = where % bytes.length;
        if (at >= FrameCodec.CRC_OFFSET && at < FrameCodec.HEADER_BYTES) {
            at = FrameCodec.HEADER_BYTES; // the CRC itself: resigning would undo the flip
        }
        bytes[at] ^= (byte) (1 << bit);
        byte[] tampered = FrameCodecTest.resign(bytes);
        assertThatThrownBy(() -> signedWithK1.decode(tampered)).isInstanceOf(FrameException.class);
    }

    /**
     * What a forger changes and the MAC covers (the type, the stamp, the sender, the payload, the
     * MAC itself) is refused as unauthenticated: bad MAC, not a garbled frame.
     */
    @Property(tries = 2000)
    void tamperingWithWhatTheMacCoversIsABadMac(
            @ForAll("frames") Frame frame, @ForAll @IntRange(min = 0) int where, @ForAll @IntRange(max = 7) int bit) {
        byte[] bytes = signedWithK1.encode(frame, STAMP);
        int[] covered = covered(bytes.length);
        int at = covered[where % covered.length];
        bytes[at] ^= (byte) (1 << bit);
        byte[] tampered = FrameCodecTest.resign(bytes);
        assertRefused(() -> signedWithK1.decode(tampered), Reason.BAD_MAC);
    }

    /** The type byte, the stamp, and everything after the header: sender, payload and MAC. */
    private static int[] covered(int length) {
        int[] where = new int[1 + 16 + length - FrameCodec.HEADER_BYTES];
        int n = 0;
        where[n++] = 5;
        for (int i = FrameCodec.TIMESTAMP_OFFSET; i < FrameCodec.CRC_OFFSET; i++) {
            where[n++] = i;
        }
        for (int i = FrameCodec.HEADER_BYTES; i < length; i++) {
            where[n++] = i;
        }
        return where;
    }

    @Property
    void anyBitFlippedInTransitIsRefused(
            @ForAll("frames") Frame frame, @ForAll @IntRange(min = 0) int where, @ForAll @IntRange(max = 7) int bit) {
        byte[] bytes = signedWithK1.encode(frame, STAMP);
        bytes[where % bytes.length] ^= (byte) (1 << bit);
        assertThatThrownBy(() -> signedWithK1.decode(bytes)).isInstanceOf(FrameException.class);
    }

    @Test
    void aSignedFrameCarriesTheKeyIdAndA32ByteMacAfterThePayload() {
        Frame frame = new Frame(MessageType.PUSH, sender, new byte[] {1, 2, 3});
        byte[] signed = signedWithK1.encode(frame, STAMP);
        byte[] unsigned = unkeyed.encode(frame, STAMP);
        assertThat(signed).hasSize(unsigned.length + 32);
        ByteBuffer header = ByteBuffer.wrap(signed);
        assertThat(header.get(FrameCodec.AUTH_OFFSET)).isEqualTo(FrameCodec.AUTH_HMAC_SHA256);
        assertThat(header.getInt(FrameCodec.KEY_ID_OFFSET)).isEqualTo(K1.id());
        assertThat(ClusterKey.formatId(K1.id())).isEqualTo(K1.fingerprint());
        // The MAC: HMAC-SHA256 of the header before the CRC, the sender and the payload.
        byte[] covered = Arrays.copyOfRange(signed, FrameCodec.HEADER_BYTES, signed.length - 32);
        byte[] mac = K1.mac(Arrays.copyOf(signed, FrameCodec.CRC_OFFSET), covered);
        assertThat(Arrays.copyOfRange(signed, signed.length - 32, signed.length))
                .isEqualTo(mac);
        assertThat(ByteBuffer.wrap(unsigned).get(FrameCodec.AUTH_OFFSET)).isEqualTo(FrameCodec.AUTH_NONE);
        assertThat(ByteBuffer.wrap(unsigned).getInt(FrameCodec.KEY_ID_OFFSET)).isZero();
    }

    @Test
    void aFrameSignedWithAKeyTheReceiverDoesNotHoldIsAnUnknownKey() throws Exception {
        byte[] bytes = codec(Keyring.of(K2)).encode(push(), STAMP);
        assertRefused(() -> signedWithK1.decode(bytes), Reason.UNKNOWN_KEY)
                .hasMessageContaining(K2.fingerprint())
                .hasMessageContaining("holds " + K1.fingerprint());
    }

    @Test
    void anUnknownKeyIdIsFoundInOneLookupAndRefused() {
        byte[] bytes = signedWithK1.encode(push(), STAMP);
        ByteBuffer.wrap(bytes).putInt(FrameCodec.KEY_ID_OFFSET, 0x0badf00d);
        assertRefused(() -> signedWithK1.decode(FrameCodecTest.resign(bytes)), Reason.UNKNOWN_KEY)
                .hasMessageContaining("0badf00d");
    }

    /** A stranger who names the cluster's key id (it is not secret) still cannot make its MAC. */
    @Test
    void aStrangerClaimingTheClusterKeyIdHasABadMac() {
        byte[] forged = codec(Keyring.of(STRANGER)).encode(push(), STAMP);
        ByteBuffer.wrap(forged).putInt(FrameCodec.KEY_ID_OFFSET, K1.id());
        assertRefused(() -> signedWithK1.decode(FrameCodecTest.resign(forged)), Reason.BAD_MAC)
                .hasMessageContaining("forged or altered");
    }

    @Test
    void aKeyedReceiverRefusesUnsignedFramesAndAnUnkeyedOneRefusesSignedFrames() {
        byte[] unsigned = unkeyed.encode(push(), STAMP);
        assertRefused(() -> signedWithK1.decode(unsigned), Reason.NO_MAC)
                .hasMessageContaining("requires the cluster key");
        byte[] signed = signedWithK1.encode(push(), STAMP);
        assertRefused(() -> unkeyed.decode(signed), Reason.UNEXPECTED_MAC).hasMessageContaining("--cluster-key-file");
    }

    /** Stripping the MAC and marking the frame unsigned does not get past a keyed receiver. */
    @Test
    void aDowngradeToUnsignedIsRefused() {
        byte[] signed = signedWithK1.encode(push(), STAMP);
        byte[] stripped = Arrays.copyOf(signed, signed.length - 32);
        ByteBuffer.wrap(stripped)
                .put(FrameCodec.AUTH_OFFSET, FrameCodec.AUTH_NONE)
                .putInt(FrameCodec.KEY_ID_OFFSET, 0);
        assertRefused(() -> signedWithK1.decode(FrameCodecTest.resign(stripped)), Reason.NO_MAC);
    }

    @Test
    void aTruncatedMacIsAFrameCutShort() {
        byte[] bytes = signedWithK1.encode(push(), STAMP);
        for (int length = bytes.length - 32; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> signedWithK1.read(new ByteArrayInputStream(cut)))
                    .as("cut to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(FrameException.class)
                    .hasMessageContaining("closed inside a frame body");
        }
    }

    /** A MAC cut to 16 bytes with the frame otherwise intact and its checksum fixed: not a valid MAC. */
    @Test
    void aShortMacWithAFixedChecksumIsRefused() {
        byte[] bytes = signedWithK1.encode(push(), STAMP);
        byte[] shortMac = Arrays.copyOf(bytes, bytes.length - 16);
        assertThatThrownBy(() -> signedWithK1.decode(FrameCodecTest.resign(shortMac)))
                .isInstanceOf(FrameException.class);
    }

    /** During a rotation a receiver holds both keys and takes frames signed with either. */
    @Test
    void aKeyringWithBothKeysAcceptsEitherAndTheRemovedKeyIsRefusedAtTheNextFrame() throws Exception {
        AtomicReference<Keyring> ring = new AtomicReference<>(Keyring.of(K1).install(K2));
        FrameCodec receiver = new FrameCodec(4096, new FrameAuthenticator(ring::get));
        byte[] underK1 = signedWithK1.encode(push(), STAMP);
        byte[] underK2 = codec(Keyring.of(K2)).encode(push(), STAMP);
        assertThat(receiver.decodeReceived(underK1).authenticated()).isTrue();
        assertThat(receiver.decodeReceived(underK2).authenticated()).isTrue();

        ring.set(ring.get().use(K2.fingerprint()).remove(K1.fingerprint()));

        assertThat(receiver.decodeReceived(underK2).authenticated()).isTrue();
        assertRefused(() -> receiver.decode(underK1), Reason.UNKNOWN_KEY);
        assertThat(ByteBuffer.wrap(receiver.encode(push(), STAMP)).getInt(FrameCodec.KEY_ID_OFFSET))
                .as("it now signs with the new primary")
                .isEqualTo(K2.id());
    }

    private Frame push() {
        return new Frame(MessageType.PUSH, sender, new byte[] {1, 2, 3});
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            ThrowingCallable decode, Reason reason) {
        return assertThatThrownBy(decode)
                .isInstanceOf(UnauthenticatedFrameException.class)
                .satisfies(e ->
                        assertThat(((UnauthenticatedFrameException) e).reason()).isEqualTo(reason));
    }
}

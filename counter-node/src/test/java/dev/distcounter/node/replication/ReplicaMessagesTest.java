package dev.distcounter.node.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.node.kv.KeyLimits;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kv.VersionedCodec;
import dev.distcounter.node.kv.VersionedValues;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The payloads of KV_READ, KV_READ_REPLY, KV_WRITE and KV_WRITE_REPLY: every message round-trips
 * at its exact size, and anything malformed (truncated, trailing bytes, an unknown kind or status,
 * a key or value past the limits) is refused.
 */
class ReplicaMessagesTest {
    static final Version V = new Version(7, "localhost:9001", 3);

    @Provide
    Arbitrary<ReadRequest> readRequests() {
        return Combinators.combine(Arbitraries.longs(), VersionedValues.keys()).as(ReadRequest::new);
    }

    @Provide
    Arbitrary<ReadReply> readReplies() {
        return Combinators.combine(Arbitraries.longs(), VersionedValues.held()).as(ReadReply::new);
    }

    @Provide
    Arbitrary<WriteRequest> writeRequests() {
        return Combinators.combine(Arbitraries.longs(), VersionedValues.keys(), VersionedValues.writes())
                .as(WriteRequest::new);
    }

    @Provide
    Arbitrary<WriteReply> writeReplies() {
        return Arbitraries.oneOf(
                Combinators.combine(
                                Arbitraries.longs(),
                                VersionedValues.versions(),
                                Arbitraries.longs().greaterOrEqual(0))
                        .as(WriteReply::stored),
                Combinators.combine(Arbitraries.longs(), VersionedValues.versions())
                        .as(WriteReply::holdsNewer),
                Combinators.combine(Arbitraries.longs(), VersionedValues.versions())
                        .as(WriteReply::inMemory),
                Arbitraries.longs().map(WriteReply::failed));
    }

    @Property
    void readRequestsRoundTrip(@ForAll("readRequests") ReadRequest request) {
        assertRoundTrip(request, ReplicaMessages.encode(request), ReplicaMessages::decodeReadRequest);
    }

    @Property
    void readRepliesRoundTrip(@ForAll("readReplies") ReadReply reply) {
        assertRoundTrip(reply, ReplicaMessages.encode(reply), ReplicaMessages::decodeReadReply);
    }

    @Property
    void writeRequestsRoundTrip(@ForAll("writeRequests") WriteRequest request) {
        assertRoundTrip(request, ReplicaMessages.encode(request), ReplicaMessages::decodeWriteRequest);
    }

    @Provide
    Arbitrary<HintedWriteRequest> hintedWriteRequests() {
        return Combinators.combine(
                        Arbitraries.longs(),
                        Arbitraries.of("localhost:9003", "10.0.0.7:7946", "n".repeat(250) + ":1"),
                        VersionedValues.keys(),
                        VersionedValues.writes())
                .as((id, home, key, write) -> new HintedWriteRequest(id, home, new WriteRequest(id, key, write)));
    }

    @Property
    void hintedWriteRequestsRoundTrip(@ForAll("hintedWriteRequests") HintedWriteRequest request) {
        assertRoundTrip(request, ReplicaMessages.encode(request), ReplicaMessages::decodeHintedWriteRequest);
    }

    @Test
    void aHintedWriteNamesAHomeThatIsAnAddress() {
        byte[] good = ReplicaMessages.encode(
                new HintedWriteRequest(1, "localhost:9003", new WriteRequest(1, "k", Versioned.value(V, "v"))));
        byte[] emptyHome = good.clone();
        emptyHome[8] = 0;
        emptyHome[9] = 0;
        assertThatThrownBy(() -> ReplicaMessages.decodeHintedWriteRequest(emptyHome))
                .hasMessageContaining("malformed hinted write request")
                .hasMessageContaining("home length 0 out of range");
        byte[] notAnAddress = good.clone();
        notAnAddress[10 + "localhost".length()] = 'x'; // "localhostx9003": no port
        assertThatThrownBy(() -> ReplicaMessages.decodeHintedWriteRequest(notAnAddress))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed hinted write request");
    }

    @Property
    void writeRepliesRoundTrip(@ForAll("writeReplies") WriteReply reply) {
        assertRoundTrip(reply, ReplicaMessages.encode(reply), ReplicaMessages::decodeWriteReply);
    }

    /**
     * Decodes back to the message; every shorter prefix and one more byte are refused. Since a
     * trailing byte is refused, passing also shows the encoding was allocated at its exact size.
     */
    static <T> void assertRoundTrip(T message, byte[] bytes, Function<byte[], T> decode) {
        assertThat(decode.apply(bytes)).isEqualTo(message);
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> decode.apply(cut))
                    .as("cut to %d of %d bytes", n, bytes.length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> decode.apply(longer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing bytes: 1 after the end of the message");
    }

    @Test
    void sizesAreExact() {
        // request id 8; key: length 2 + "k" 1; held: kind 1, version (8 + 1 + 14 + 8), length 4 + "v" 1
        assertThat(ReplicaMessages.encode(new ReadRequest(1, "k"))).hasSize(8 + 3);
        assertThat(ReplicaMessages.encode(new ReadReply(1, null))).hasSize(8 + 1);
        assertThat(ReplicaMessages.encode(new WriteRequest(1, "k", Versioned.value(V, "v"))))
                .hasSize(8 + 3 + 1 + 31 + 5);
        assertThat(ReplicaMessages.encode(new WriteRequest(1, "k", Versioned.tombstone(V))))
                .hasSize(8 + 3 + 1 + 31);
        assertThat(ReplicaMessages.encode(WriteReply.stored(1, V, 7))).hasSize(8 + 1 + 31 + 8);
        assertThat(ReplicaMessages.encode(WriteReply.failed(1))).hasSize(8 + 1);
    }

    @Test
    void decodingNamesTheMessageAndTheReason() {
        assertThatThrownBy(() -> ReplicaMessages.decodeReadRequest(new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed read request (3 bytes): truncated before the request id");
    }

    @Test
    void aWriteMustCarryAValueOrATombstone() {
        byte[] nothing = ByteBuffer.allocate(8 + 3 + 1)
                .putLong(1)
                .putShort((short) 1)
                .put((byte) 'k')
                .put((byte) 0)
                .array();
        assertThatThrownBy(() -> ReplicaMessages.decodeWriteRequest(nothing)).hasMessageContaining("kind 0");
        assertThatThrownBy(() -> new WriteRequest(1, "k", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void unknownKindsAndStatusesAreRefused() {
        byte[] reply = ReplicaMessages.encode(new ReadReply(1, Versioned.tombstone(V)));
        reply[8] = 9;
        assertThatThrownBy(() -> ReplicaMessages.decodeReadReply(reply)).hasMessageContaining("unknown kind 9");
        byte[] written = ReplicaMessages.encode(WriteReply.stored(1, V, 7));
        written[8] = 4;
        assertThatThrownBy(() -> ReplicaMessages.decodeWriteReply(written))
                .hasMessageContaining("unknown write status 4");
    }

    @Test
    void aFailedWriteCarriesNoVersionAndTheOthersDo() {
        byte[] failedWithVersion = ReplicaMessages.encode(WriteReply.stored(1, V, 7));
        failedWithVersion[8] = (byte) WriteReply.Status.FAILED.code();
        assertThatThrownBy(() -> ReplicaMessages.decodeWriteReply(failedWithVersion))
                .hasMessageContaining("after the end of the message");
        assertThatThrownBy(() -> new WriteReply(1, WriteReply.Status.STORED, null, 0))
                .hasMessageContaining("needs a version");
        assertThatThrownBy(() -> new WriteReply(1, WriteReply.Status.FAILED, V, 0))
                .hasMessageContaining("carries no version");
    }

    @Test
    void aKeyOf1025BytesIsRefused() {
        String longest = "k".repeat(KeyLimits.MAX_KEY_BYTES);
        assertThat(ReplicaMessages.decodeReadRequest(ReplicaMessages.encode(new ReadRequest(1, longest)))
                        .key())
                .isEqualTo(longest);
        byte[] read = withKeyOf(KeyLimits.MAX_KEY_BYTES + 1, new byte[0]);
        assertThatThrownBy(() -> ReplicaMessages.decodeReadRequest(read)).hasMessageContaining("key length 1025");
        byte[] write = withKeyOf(KeyLimits.MAX_KEY_BYTES + 1, heldBytes(Versioned.tombstone(V)));
        assertThatThrownBy(() -> ReplicaMessages.decodeWriteRequest(write)).hasMessageContaining("key length 1025");
        assertThatThrownBy(() -> new ReadRequest(1, longest + "k")).hasMessageContaining("key too long");
        assertThatThrownBy(() -> new ReadRequest(1, "")).hasMessageContaining("key required");
    }

    @Test
    void aValueOfExactly1MiBIsAcceptedAndOneByteMoreRefused() {
        Versioned largest = Versioned.value(V, "v".repeat(KeyLimits.MAX_VALUE_BYTES));
        WriteRequest write = new WriteRequest(1, "k", largest);
        assertThat(ReplicaMessages.decodeWriteRequest(ReplicaMessages.encode(write)))
                .isEqualTo(write);
        ReadReply reply = new ReadReply(1, largest);
        assertThat(ReplicaMessages.decodeReadReply(ReplicaMessages.encode(reply)))
                .isEqualTo(reply);

        byte[] tooLarge = withValueOf(KeyLimits.MAX_VALUE_BYTES + 1);
        assertThatThrownBy(() -> ReplicaMessages.decodeWriteRequest(tooLarge))
                .hasMessageContaining("value length 1048577");
        Versioned oneMore = Versioned.value(V, largest.value() + "v");
        assertThatThrownBy(() -> new WriteRequest(1, "k", oneMore)).hasMessageContaining("value too large");
        assertThatThrownBy(() -> new ReadReply(1, oneMore)).hasMessageContaining("value too large");
    }

    @Test
    void malformedUtf8IsRefused() {
        byte[] bytes = ReplicaMessages.encode(new ReadRequest(1, "é"));
        bytes[bytes.length - 1] = 'x'; // é's lead byte followed by no continuation byte
        assertThatThrownBy(() -> ReplicaMessages.decodeReadRequest(bytes)).hasMessageContaining("not valid UTF-8");
    }

    /** Request id 1, a key of {@code keyBytes} bytes (its length field says so too), then {@code rest}. */
    static byte[] withKeyOf(int keyBytes, byte[] rest) {
        byte[] key = new byte[keyBytes];
        Arrays.fill(key, (byte) 'k');
        return ByteBuffer.allocate(8 + 2 + keyBytes + rest.length)
                .putLong(1)
                .putShort((short) keyBytes)
                .put(key)
                .put(rest)
                .array();
    }

    /** A write request of key "k" whose value length field and bytes are {@code valueBytes} long. */
    static byte[] withValueOf(int valueBytes) {
        byte[] head = heldBytes(Versioned.value(V, ""));
        ByteBuffer held = ByteBuffer.allocate(head.length + valueBytes).put(head);
        held.putInt(head.length - 4, valueBytes);
        Arrays.fill(held.array(), head.length, held.capacity(), (byte) 'v');
        return withKeyOf(1, held.array());
    }

    static byte[] heldBytes(Versioned held) {
        ByteBuffer out = ByteBuffer.allocate(VersionedCodec.heldSize(held));
        VersionedCodec.writeHeld(out, held);
        return out.array();
    }

    @Test
    void statusCodesAreFixed() {
        assertThat(List.of(WriteReply.Status.values()).stream().map(WriteReply.Status::code))
                .containsExactly(0, 1, 2, 3);
    }
}

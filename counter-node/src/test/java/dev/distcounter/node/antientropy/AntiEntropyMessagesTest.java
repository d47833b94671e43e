package dev.distcounter.node.antientropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.common.protocol.FrameCodec;
import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The anti-entropy frames' payloads: every message round-trips, a sender's payloads stay under
 * the budget however much it holds, and malformed or oversized payloads are refused with the
 * message and the reason.
 */
class AntiEntropyMessagesTest {
    private static final Version V = new Version(7, "127.0.0.1:9001", 42);

    static Stream<Arguments> roundTrips() {
        long[] leaves = new long[RangeTree.LEAVES];
        Arrays.setAll(leaves, i -> i * 31L - 5);
        return Stream.of(
                Arguments.of(
                        new RangeRoots(1, List.of(new RangeRoots.Root(-1, 5, 9), new RangeRoots.Root(5, 6, -7))),
                        (Function<Object, byte[]>) m -> AntiEntropyMessages.encode((RangeRoots) m),
                        (Function<byte[], Object>) AntiEntropyMessages::decodeRoots),
                Arguments.of(
                        new RangeLeaves(2, List.of(new RangeLeaves.Leaves(3, 4, leaves))),
                        (Function<Object, byte[]>) m -> AntiEntropyMessages.encode((RangeLeaves) m),
                        (Function<byte[], Object>) AntiEntropyMessages::decodeLeaves),
                Arguments.of(
                        new LeafDigests(
                                3,
                                List.of(
                                        new LeafDigests.Part(
                                                1,
                                                2,
                                                63,
                                                0,
                                                -1,
                                                List.of(
                                                        new LeafDigests.Digest("k", V, true),
                                                        new LeafDigests.Digest("ключ", V, false))),
                                        new LeafDigests.Part(1, 2, 0, 5, 5, List.of()))),
                        (Function<Object, byte[]>) m -> AntiEntropyMessages.encode((LeafDigests) m),
                        (Function<byte[], Object>) AntiEntropyMessages::decodeDigests),
                Arguments.of(
                        new WantedKeys(4, List.of("a", "b".repeat(1024))),
                        (Function<Object, byte[]>) m -> AntiEntropyMessages.encode((WantedKeys) m),
                        (Function<byte[], Object>) AntiEntropyMessages::decodeWanted),
                Arguments.of(
                        new TombstonePurges(List.of(new TombstonePurges.Purge("gone", V))),
                        (Function<Object, byte[]>) m -> AntiEntropyMessages.encode((TombstonePurges) m),
                        (Function<byte[], Object>) AntiEntropyMessages::decodePurges),
                Arguments.of(
                        new RangeRoots(5, List.of()),
                        (Function<Object, byte[]>) m -> AntiEntropyMessages.encode((RangeRoots) m),
                        (Function<byte[], Object>) AntiEntropyMessages::decodeRoots));
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void roundTrips(Object message, Function<Object, byte[]> encode, Function<byte[], Object> decode) {
        byte[] payload = encode.apply(message);
        assertThat(decode.apply(payload)).isEqualTo(message);
        // Every strict prefix is truncated, and one more byte is trailing: both refused.
        for (int cut = 0; cut < payload.length; cut += Math.max(1, payload.length / 50)) {
            byte[] truncated = Arrays.copyOf(payload, cut);
            assertThatThrownBy(() -> decode.apply(truncated)).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] longer = Arrays.copyOf(payload, payload.length + 1);
        assertThatThrownBy(() -> decode.apply(longer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(
                        "AE_ROOTS",
                        header(1, 4097),
                        (Function<byte[], Object>) AntiEntropyMessages::decodeRoots,
                        "4097 ranges, at most 4096"),
                Arguments.of(
                        "AE_ROOTS",
                        header(1, 3),
                        (Function<byte[], Object>) AntiEntropyMessages::decodeRoots,
                        "cannot fit"),
                Arguments.of(
                        "AE_LEAVES",
                        header(1, -1),
                        (Function<byte[], Object>) AntiEntropyMessages::decodeLeaves,
                        "at most 1024"),
                Arguments.of(
                        "AE_WANT",
                        header(1, 8193),
                        (Function<byte[], Object>) AntiEntropyMessages::decodeWanted,
                        "at most 8192"),
                Arguments.of(
                        "AE_WANT",
                        wantWithKey(new byte[] {(byte) 0xff, (byte) 0xfe}),
                        (Function<byte[], Object>) AntiEntropyMessages::decodeWanted,
                        "UTF-8"),
                Arguments.of(
                        "AE_WANT",
                        wantWithKey(new byte[0]),
                        (Function<byte[], Object>) AntiEntropyMessages::decodeWanted,
                        "key length 0"),
                Arguments.of(
                        "AE_DIGESTS",
                        digestsWithLeaf(64),
                        (Function<byte[], Object>) AntiEntropyMessages::decodeDigests,
                        "leaf 64"),
                Arguments.of(
                        "AE_DIGESTS",
                        digestsWithFlag(2),
                        (Function<byte[], Object>) AntiEntropyMessages::decodeDigests,
                        "tombstone flag 2"),
                Arguments.of(
                        "KV_PURGE",
                        ByteBuffer.allocate(4).putInt(1_000_000).array(),
                        (Function<byte[], Object>) AntiEntropyMessages::decodePurges,
                        "at most 8192"));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("malformed")
    void refusesMalformedPayloads(String type, byte[] payload, Function<byte[], Object> decode, String reason) {
        assertThatThrownBy(() -> decode.apply(payload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed " + type)
                .hasMessageContaining(reason);
    }

    private static byte[] header(long id, int count) {
        return ByteBuffer.allocate(12).putLong(id).putInt(count).array();
    }

    /** One key of these bytes, and a spare byte so the count passes and the key itself is judged. */
    private static byte[] wantWithKey(byte[] key) {
        return ByteBuffer.allocate(15 + key.length)
                .putLong(1)
                .putInt(1)
                .putShort((short) key.length)
                .put(key)
                .array();
    }

    private static byte[] digestsWithLeaf(int leaf) {
        byte[] good =
                AntiEntropyMessages.encode(new LeafDigests(1, List.of(new LeafDigests.Part(1, 2, 0, 0, 9, List.of()))));
        good[12 + 16] = (byte) leaf;
        return good;
    }

    private static byte[] digestsWithFlag(int flag) {
        byte[] good = AntiEntropyMessages.encode(new LeafDigests(
                1, List.of(new LeafDigests.Part(1, 2, 0, 0, 9, List.of(new LeafDigests.Digest("k", V, false))))));
        good[12 + AntiEntropyMessages.PART_HEADER_BYTES + 3] = (byte) flag;
        return good;
    }

    @Test
    void aLeafTooBigForOnePayloadIsSplitIntoPartsThatCoverItAndFitTheFrameLimit() {
        // One range of the whole ring, so every key falls in it: 3,000 keys of 1 KiB.
        KeyspaceTrees trees = KeyspaceTrees.of(HashRing.of(List.of("only"), 1).ranges(3));
        RangeTree tree = trees.trees().get(0);
        for (int i = 0; i < 3_000; i++) {
            trees.apply(String.format("%01000d", i), Versioned.tombstone(V));
        }
        List<LeafDigests.Part> parts = new ArrayList<>();
        for (int leaf = 0; leaf < RangeTree.LEAVES; leaf++) {
            List<LeafDigests.Part> ofLeaf = LeafParts.of(tree, leaf, 64 * 1024);
            assertThat(ofLeaf.get(0).low()).isEqualTo(tree.firstOffset(leaf));
            assertThat(ofLeaf.get(ofLeaf.size() - 1).high()).isEqualTo(tree.lastOffset(leaf));
            for (int p = 1; p < ofLeaf.size(); p++) {
                assertThat(ofLeaf.get(p).low()).isEqualTo(ofLeaf.get(p - 1).high() + 1);
            }
            assertThat(ofLeaf.stream().mapToInt(p -> p.digests().size()).sum())
                    .isEqualTo(tree.entries(leaf).size());
            parts.addAll(ofLeaf);
        }
        List<LeafDigests> messages = LeafParts.pack(1, parts, AntiEntropyMessages.PAYLOAD_BUDGET);
        assertThat(messages).hasSizeGreaterThan(4);
        int digests = 0;
        for (LeafDigests m : messages) {
            byte[] payload = AntiEntropyMessages.encode(m);
            assertThat(payload.length).isLessThanOrEqualTo(AntiEntropyMessages.PAYLOAD_BUDGET);
            assertThat(payload.length).isLessThan(FrameCodec.DEFAULT_MAX_PAYLOAD);
            digests += AntiEntropyMessages.decodeDigests(payload).parts().stream()
                    .mapToInt(p -> p.digests().size())
                    .sum();
        }
        assertThat(digests).isEqualTo(3_000);
    }

    @Test
    void oneAnswerSendsAtMostItsFramesOfDigestsHoweverMuchDiffers() {
        KeyspaceTrees trees = KeyspaceTrees.of(HashRing.of(List.of("only"), 1).ranges(3));
        for (int i = 0; i < 3_000; i++) {
            trees.apply(String.format("%01000d", i), Versioned.tombstone(V));
        }
        long[] empty = new long[RangeTree.LEAVES]; // the peer holds nothing: every leaf differs
        List<LeafDigests> answer = LeafParts.digests(
                1, List.of(new LeafParts.Differing(trees.trees().get(0), empty)), 2);
        assertThat(answer).hasSize(2);
        for (LeafDigests m : answer) {
            assertThat(AntiEntropyMessages.encode(m).length).isLessThanOrEqualTo(AntiEntropyMessages.PAYLOAD_BUDGET);
        }
    }

    @Test
    void keysAndPurgesAreCutUnderTheBudget() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            keys.add(String.format("%01020d", i));
        }
        List<List<String>> chunks = Chunks.ofKeys(keys);
        assertThat(chunks).hasSizeGreaterThan(2);
        assertThat(chunks.stream().mapToInt(List::size).sum()).isEqualTo(2_000);
        for (List<String> chunk : chunks) {
            assertThat(AntiEntropyMessages.encode(new WantedKeys(1, chunk)).length)
                    .isLessThanOrEqualTo(AntiEntropyMessages.PAYLOAD_BUDGET);
        }
    }
}

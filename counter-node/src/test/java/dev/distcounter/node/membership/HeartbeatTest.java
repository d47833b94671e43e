package dev.distcounter.node.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.ring.RingEntry;
import dev.distcounter.node.ring.RingMembership;
import dev.distcounter.node.ring.RingStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    static final Heartbeat SAMPLE = new Heartbeat(
            9001,
            77,
            3,
            Optional.of(NodeAddress.parse("localhost:9004")),
            List.of(NodeAddress.parse("localhost:9000"), NodeAddress.parse("[::1]:9002")));

    static final Heartbeat WITH_RING = new Heartbeat(
            SAMPLE.nodeId(),
            SAMPLE.incarnation(),
            SAMPLE.term(),
            SAMPLE.leader(),
            SAMPLE.members(),
            RingMembership.EMPTY
                    .with("localhost:9000", RingEntry.joined(5))
                    .with("localhost:9002", new RingEntry(6, RingStatus.LEFT))
                    .with("[::1]:9003", new RingEntry(7, RingStatus.REMOVED)));

    @Test
    void roundTrips() {
        assertThat(Heartbeat.decode(SAMPLE.encode())).isEqualTo(SAMPLE);
        Heartbeat alone = new Heartbeat(1, 2, 0, Optional.empty(), List.of());
        assertThat(Heartbeat.decode(alone.encode())).isEqualTo(alone);
    }

    @Test
    void everyTruncationAndTrailingBytesAreRejected() {
        byte[] bytes = SAMPLE.encode();
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> Heartbeat.decode(cut))
                    .as("cut to %d", n)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Heartbeat.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] withRing = WITH_RING.encode();
        for (int n = bytes.length + 1; n < withRing.length; n++) {
            byte[] cut = Arrays.copyOf(withRing, n);
            assertThatThrownBy(() -> Heartbeat.decode(cut))
                    .as("ring section cut to %d", n)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Heartbeat.decode(Arrays.copyOf(withRing, withRing.length + 1)))
                .hasMessageContaining("after the heartbeat");
    }

    @Test
    void theRingSectionRoundTripsAndAnOldHeartbeatHasAnEmptyRing() {
        assertThat(Heartbeat.decode(WITH_RING.encode())).isEqualTo(WITH_RING);
        assertThat(WITH_RING.encode()).startsWith(SAMPLE.encode()); // the section only trails
        assertThat(Heartbeat.decode(SAMPLE.encode()).ring()).isEqualTo(RingMembership.EMPTY);
    }

    @Test
    void anUnknownRingStatusIsRejected() {
        byte[] bytes = WITH_RING.encode();
        bytes[bytes.length - 1] = 7; // the last entry's status
        assertThatThrownBy(() -> Heartbeat.decode(bytes)).hasMessageContaining("ring status 7");
    }

    @Test
    void badAddressesAndCountsAreRejected() {
        ByteBuffer badLeader = ByteBuffer.allocate(8 * 3 + 2 + 3 + 2);
        badLeader
                .putLong(1)
                .putLong(1)
                .putLong(1)
                .putShort((short) 3)
                .put("bad".getBytes(StandardCharsets.UTF_8))
                .putShort((short) 0);
        assertThatThrownBy(() -> Heartbeat.decode(badLeader.array())).hasMessageContaining("bad");
        ByteBuffer tooMany = ByteBuffer.allocate(8 * 3 + 2 + 2);
        tooMany.putLong(1).putLong(1).putLong(1).putShort((short) 0).putShort((short) 5000);
        assertThatThrownBy(() -> Heartbeat.decode(tooMany.array())).hasMessageContaining("5000 members");
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButIllegalArgument() {
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextInt(100)];
            random.nextBytes(bytes);
            try {
                Heartbeat.decode(bytes);
            } catch (IllegalArgumentException expected) {
                // the usual outcome
            }
        }
    }

    @Test
    void overlongMemberListsAreCutToTheMaximum() {
        List<NodeAddress> many = IntStream.range(0, Heartbeat.MAX_MEMBERS + 10)
                .mapToObj(i -> new NodeAddress("h" + i, 9000))
                .toList();
        Heartbeat h = new Heartbeat(1, 1, 1, Optional.empty(), many);
        assertThat(h.members()).hasSize(Heartbeat.MAX_MEMBERS);
        assertThat(Heartbeat.decode(h.encode()).members()).hasSize(Heartbeat.MAX_MEMBERS);
    }
}

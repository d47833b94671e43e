package dev.distcounter.node.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CounterCodecTest {
    final ReplicaId a = new ReplicaId("localhost:9000", 7);
    final PNCounter sample = PNCounter.empty().increment(a, 5).decrement(new ReplicaId("localhost:9001", 1), 2);

    @Test
    void emptyStateIsFourBytes() throws Exception {
        assertThat(CounterCodec.encode(PNCounter.empty())).hasSize(4);
        assertThat(CounterCodec.decode(new byte[4])).isEqualTo(PNCounter.empty());
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] bytes = CounterCodec.encode(sample);
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> CounterCodec.decode(cut))
                    .as("cut to %d", n)
                    .isInstanceOf(CounterFormatException.class);
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] bytes = Arrays.copyOf(CounterCodec.encode(sample), CounterCodec.encode(sample).length + 1);
        assertThatThrownBy(() -> CounterCodec.decode(bytes)).hasMessageContaining("after the counter state");
    }

    @Test
    void negativeEntriesAreRejected() {
        byte[] bytes = CounterCodec.encode(PNCounter.empty().increment(a, 1));
        ByteBuffer.wrap(bytes).putLong(4 + 2 + a.node().length() + 8, -1);
        assertThatThrownBy(() -> CounterCodec.decode(bytes)).hasMessageContaining("negative");
    }

    @Test
    void duplicateReplicasAreRejected() {
        byte[] one = CounterCodec.encode(PNCounter.empty().increment(a, 1));
        ByteBuffer twice = ByteBuffer.allocate(4 + 2 * (one.length - 4));
        twice.putInt(2).put(one, 4, one.length - 4).put(one, 4, one.length - 4);
        assertThatThrownBy(() -> CounterCodec.decode(twice.array())).hasMessageContaining("appears twice");
    }

    @Test
    void absurdEntryCountIsRejectedWithoutAllocating() {
        byte[] bytes = ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).array();
        assertThatThrownBy(() -> CounterCodec.decode(bytes)).hasMessageContaining("does not fit");
    }

    @Test
    void totalsPastTheLongRangeAreRejected() {
        PNCounter big = PNCounter.of(java.util.Map.of(a, new CounterEntry(Long.MAX_VALUE, 0)));
        byte[] one = CounterCodec.encode(big);
        byte[] other = CounterCodec.encode(PNCounter.empty().increment(new ReplicaId("b:1", 1), 5));
        ByteBuffer both = ByteBuffer.allocate(4 + one.length - 4 + other.length - 4);
        both.putInt(2).put(one, 4, one.length - 4).put(other, 4, other.length - 4);
        assertThatThrownBy(() -> CounterCodec.decode(both.array())).hasMessageContaining("64-bit");
    }

    @Test
    void randomBytesNeverDecodeToGarbageSilently() {
        Random random = new Random(1);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            try {
                PNCounter c = CounterCodec.decode(bytes);
                assertThat(c.version()).isNotNegative(); // if it decodes, it is a valid counter
            } catch (CounterFormatException expected) {
                // the usual outcome
            }
        }
    }
}

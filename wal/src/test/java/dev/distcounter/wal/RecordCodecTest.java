package dev.distcounter.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.common.ContractViolation;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    final RecordCodec codec = new RecordCodec(1024);

    @Property
    void encodedRecordsCheckAndDecode(@ForAll long seq, @ForAll byte type, @ForAll @Size(max = 1024) byte[] payload) {
        ByteBuffer buf = ByteBuffer.allocate(RecordCodec.frameSize(payload.length) + 3);
        buf.position(3);
        codec.encode(buf, seq, type, payload);
        assertThat(buf.position()).isEqualTo(3 + RecordCodec.frameSize(payload.length));
        assertThat(codec.check(buf, 3, buf.position())).isEqualTo(RecordCodec.frameSize(payload.length));
        assertThat(RecordCodec.sequence(buf, 3)).isEqualTo(seq);
        assertThat(RecordCodec.type(buf, 3)).isEqualTo(type);
        byte[] back = new byte[RecordCodec.payloadLength(buf, 3)];
        buf.get(3 + WalFormat.RECORD_HEADER_BYTES, back);
        assertThat(back).isEqualTo(payload);
    }

    @Property
    void anySingleBitFlipIsDetected(
            @ForAll @Size(min = 1, max = 64) byte[] payload,
            @ForAll @IntRange(min = 0, max = 10_000) int where,
            @ForAll @IntRange(max = 7) int bit) {
        ByteBuffer buf = ByteBuffer.allocate(RecordCodec.frameSize(payload.length));
        codec.encode(buf, 42, (byte) 1, payload);
        int at = where % buf.capacity();
        buf.put(at, (byte) (buf.get(at) ^ (1 << bit)));
        assertThat(codec.check(buf, 0, buf.capacity())).isNegative();
    }

    @Test
    void shortInputIsIncomplete() {
        ByteBuffer buf = ByteBuffer.allocate(RecordCodec.frameSize(10));
        codec.encode(buf, 1, (byte) 1, new byte[10]);
        for (int limit = 0; limit < buf.capacity(); limit++) {
            assertThat(codec.check(buf, 0, limit)).as("limit %d", limit).isEqualTo(RecordCodec.INCOMPLETE);
        }
    }

    @Test
    void lengthBeyondTheMaximumIsBadLength() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        buf.putInt(0, 1025);
        assertThat(codec.check(buf, 0, 64)).isEqualTo(RecordCodec.BAD_LENGTH);
        buf.putInt(0, -1);
        assertThat(codec.check(buf, 0, 64)).isEqualTo(RecordCodec.BAD_LENGTH);
    }

    @Test
    void zeroFilledTailIsNotARecord() {
        assertThat(codec.check(ByteBuffer.allocate(64), 0, 64)).isEqualTo(RecordCodec.BAD_CRC);
    }

    @Test
    void encodingAnOversizedPayloadBreaksAContract() {
        assertThatThrownBy(() -> codec.encode(ByteBuffer.allocate(4096), 1, (byte) 1, new byte[1025]))
                .isInstanceOf(ContractViolation.class);
    }
}

package dev.distcounter.node.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.common.NodeAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ElectionMessageTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "9004, 17", "9223372036854775807, 1"})
    void roundTrips(long nodeId, long term) {
        ElectionMessage m = new ElectionMessage(nodeId, term);
        assertThat(ElectionMessage.decode(m.encode())).isEqualTo(m);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 15, 17, 100})
    void anyOtherSizeIsRejected(int size) {
        assertThatThrownBy(() -> ElectionMessage.decode(new byte[size]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(size + " bytes");
    }

    @ParameterizedTest(name = "({0}, {1}) outranks ({2}, {3}): {4}")
    @CsvSource({
        "5, a:1, 4, a:1, true",
        "4, a:1, 5, a:1, false",
        "5, b:1, 5, a:1, true",
        "5, a:1, 5, b:1, false",
        "0, a:1, -1, a:1, true",
        "-1, a:1, 0, a:1, false",
    })
    void rankIsIdThenAddress(long idA, String a, long idB, String b, boolean outranks) {
        assertThat(BullyElection.outranks(idA, NodeAddress.parse(a), idB, NodeAddress.parse(b)))
                .isEqualTo(outranks);
    }
}

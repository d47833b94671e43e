package dev.distcounter.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeAddressTest {

    @ParameterizedTest
    @CsvSource({
        "localhost:9001, localhost, 9001",
        "127.0.0.1:1, 127.0.0.1, 1",
        "node-1.example:65535, node-1.example, 65535",
        "'[::1]:9000', ::1, 9000",
    })
    void parsesAndPrintsBack(String text, String host, int port) {
        NodeAddress address = NodeAddress.parse(text);
        assertThat(address).isEqualTo(new NodeAddress(host, port));
        assertThat(address.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "localhost",
                "localhost:",
                ":9000",
                "localhost:0",
                "localhost:65536",
                "localhost:abc",
                "local host:9000",
                "::1:9000",
                "[::1]9000",
                "[::1",
                "a/b:9000",
                "localhost:-1"
            })
    void rejectsWithAReason(String text) {
        assertThatThrownBy(() -> NodeAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(?s).*(address|port|host).*");
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 1000})
    void rejectsOverlongAddresses(int length) {
        String text = "h".repeat(length) + ":1";
        assertThatThrownBy(() -> NodeAddress.parse(text)).hasMessageContaining("longer than 255");
    }

    @org.junit.jupiter.api.Test
    void ordersByHostThenPort() {
        assertThat(NodeAddress.parse("a:2")).isLessThan(NodeAddress.parse("a:10"));
        assertThat(NodeAddress.parse("a:9")).isLessThan(NodeAddress.parse("b:1"));
    }
}

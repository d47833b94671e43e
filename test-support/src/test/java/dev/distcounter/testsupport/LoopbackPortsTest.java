package dev.distcounter.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {
    private static final int[] EPHEMERAL = PortBlock.kernelRange(PortBlock.KERNEL_RANGE);

    @Test
    void portsAreNeverHandedOutTwiceNorEphemeral() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = LoopbackPorts.next();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            assertThat(port).matches(LoopbackPortsTest::notEphemeral, "outside the ephemeral range");
        }
    }

    @Test
    void aRangeIsConsecutiveFreePorts() {
        int first = LoopbackPorts.nextRange(5);

        for (int port = first; port < first + 5; port++) {
            assertThat(LoopbackPorts.bindable(port)).as("port %d", port).isTrue();
            assertThat(port).matches(LoopbackPortsTest::notEphemeral, "outside the ephemeral range");
        }
        assertThat(LoopbackPorts.next()).matches(p -> p < first || p > first + 4, "not in the range handed out");
    }

    @Test
    void aPortInUseIsSkipped() throws IOException {
        int first = LoopbackPorts.nextRange(2);
        try (ServerSocket taken = new ServerSocket(first, 1, InetAddress.getByName("127.0.0.1"))) {
            LoopbackPorts ports = new LoopbackPorts(new int[] {taken.getLocalPort(), first + 1}, 0);

            assertThat(ports.take(1)).isEqualTo(first + 1);
            assertThatThrownBy(() -> ports.take(1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not found");
        }
    }

    @Test
    void aRangeNeverSpansAGapInTheBlock() {
        int first = LoopbackPorts.nextRange(4);
        LoopbackPorts ports = new LoopbackPorts(new int[] {first, first + 2, first + 3}, 0);

        assertThat(ports.take(2)).isEqualTo(first + 2);
    }

    private static boolean notEphemeral(int port) {
        return port < EPHEMERAL[0] || port > EPHEMERAL[1];
    }
}

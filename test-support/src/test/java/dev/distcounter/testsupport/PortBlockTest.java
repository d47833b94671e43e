package dev.distcounter.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortBlockTest {
    @TempDir
    Path dir;

    @Test
    void theKernelsRangeIsReadAsTwoNumbers() throws IOException {
        Path file = Files.writeString(dir.resolve("range"), "40000\t50999\n");

        assertThat(PortBlock.kernelRange(file)).containsExactly(40_000, 50_999);
    }

    @Test
    void anUnreadableOrOddRangeMeansLinuxsDefault() throws IOException {
        int[] linuxDefault = {PortBlock.DEFAULT_EPHEMERAL_FIRST, PortBlock.DEFAULT_EPHEMERAL_LAST};

        assertThat(PortBlock.kernelRange(dir.resolve("missing"))).containsExactly(linuxDefault);
        assertThat(PortBlock.kernelRange(Files.writeString(dir.resolve("words"), "low high")))
                .containsExactly(linuxDefault);
        assertThat(PortBlock.kernelRange(Files.writeString(dir.resolve("backwards"), "50000 40000")))
                .containsExactly(linuxDefault);
    }

    @Test
    void everyForkHasItsOwnPortsAndNoneIsEphemeral() {
        Set<Integer> seen = new HashSet<>();
        for (int fork = 1; fork <= PortBlock.BLOCKS; fork++) {
            int[] ports = PortBlock.ports(32_768, 60_999, fork);
            assertThat(ports).as("fork %d", fork).hasSizeGreaterThan(PortBlock.MIN_BLOCK);
            assertThat(ports).as("fork %d", fork).isSorted();
            for (int port : ports) {
                assertThat(port)
                        .as("a port of fork %d", fork)
                        .isBetween(PortBlock.LOWEST, PortBlock.HIGHEST)
                        .matches(p -> p < 32_768 || p > 60_999, "outside the ephemeral range");
                assertThat(seen.add(port))
                        .as("port %d handed to fork %d and an earlier one", port, fork)
                        .isTrue();
            }
        }
        assertThat(PortBlock.ports(32_768, 60_999, PortBlock.BLOCKS + 1))
                .containsExactly(PortBlock.ports(32_768, 60_999, 1));
    }

    @Test
    void anEphemeralRangeThatLeavesTooFewPortsIsNotAvoided() {
        assertThat(PortBlock.ports(1024, 65_535, 1)).hasSizeGreaterThan(PortBlock.MIN_BLOCK);
    }
}

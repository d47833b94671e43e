package dev.distcounter.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Which loopback ports one test JVM may hand out. Not the kernel's ephemeral range: the kernel
 * gives those to the local end of every outgoing connection, so a port found free there can be
 * taken by some connection before the process it was meant for binds it. The ports left are cut
 * into {@link #BLOCKS} disjoint blocks, one per test fork, so forks running side by side never
 * probe the same port.
 */
final class PortBlock {
    /** Where Linux keeps the ephemeral range: two numbers, the first and last port. */
    static final Path KERNEL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** Linux's default ephemeral range, assumed where the kernel's cannot be read. */
    static final int DEFAULT_EPHEMERAL_FIRST = 32_768;

    static final int DEFAULT_EPHEMERAL_LAST = 60_999;

    /**
     * Below this, ports people give services by hand, the cluster's defaults (8000-8014,
     * 9000-9004) and the benchmark suite's (27301-27334).
     */
    static final int LOWEST = 28_000;

    static final int HIGHEST = 65_535;

    /** Forks the ports are shared out between; fork n uses block (n - 1) mod BLOCKS. */
    static final int BLOCKS = 8;

    /** Fewer ports than this per block, and the ephemeral range is not avoided (see {@link #ports}). */
    static final int MIN_BLOCK = 200;

    private static final Pattern TWO_PORTS = Pattern.compile("\\s*(\\d{1,5})\\s+(\\d{1,5})\\s*");

    private PortBlock() {}

    /** This JVM's ports, in increasing order: the kernel's ephemeral range avoided, for fork {@code fork}. */
    static int[] forFork(int fork) {
        int[] ephemeral = kernelRange(KERNEL_RANGE);
        return ports(ephemeral[0], ephemeral[1], fork);
    }

    /**
     * The ports of fork {@code fork} (1-based), in increasing order: the {@code fork}-th of
     * {@link #BLOCKS} equal slices of [{@link #LOWEST}, {@link #HIGHEST}] without the ephemeral
     * range. Where the ephemeral range leaves too few ports, it is not avoided: probing still
     * keeps a port in use from being handed out, only the race with new connections is back.
     */
    static int[] ports(int ephemeralFirst, int ephemeralLast, int fork) {
        int[] candidates = IntStream.rangeClosed(LOWEST, HIGHEST)
                .filter(p -> p < ephemeralFirst || p > ephemeralLast)
                .toArray();
        if (candidates.length < BLOCKS * MIN_BLOCK) {
            candidates = IntStream.rangeClosed(LOWEST, HIGHEST).toArray();
        }
        int block = Math.floorMod(fork - 1, BLOCKS);
        int from = (int) ((long) candidates.length * block / BLOCKS);
        int to = (int) ((long) candidates.length * (block + 1) / BLOCKS);
        return Arrays.copyOfRange(candidates, from, to);
    }

    /** The first and last port of the kernel's ephemeral range, or Linux's default if unreadable. */
    static int[] kernelRange(Path file) {
        try {
            Matcher range = TWO_PORTS.matcher(Files.readString(file, StandardCharsets.US_ASCII));
            if (range.matches()) {
                int first = Integer.parseInt(range.group(1));
                int last = Integer.parseInt(range.group(2));
                if (0 < first && first <= last && last <= HIGHEST) {
                    return new int[] {first, last};
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or no /proc: the default below.
        }
        return new int[] {DEFAULT_EPHEMERAL_FIRST, DEFAULT_EPHEMERAL_LAST};
    }
}

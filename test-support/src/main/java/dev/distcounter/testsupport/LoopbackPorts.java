package dev.distcounter.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for servers a test starts later, often in another process. Never
 * from the kernel's ephemeral range, which outgoing connections draw from between the probe and
 * the bind; never one handed out before in this JVM; and from this fork's own block
 * ({@link PortBlock}), chosen by the {@value #FORK_PROPERTY} system property (the pom sets it to
 * surefire's fork number), so parallel forks never pick the same port. A port is free if a
 * socket can bind it on 127.0.0.1. Each JVM starts at a random place in its block, so two builds
 * on one machine seldom probe the same ports at the same time.
 */
public final class LoopbackPorts {
    public static final String FORK_PROPERTY = "test.fork";

    private static final LoopbackPorts THIS_JVM = new LoopbackPorts(
            PortBlock.forFork(Integer.getInteger(FORK_PROPERTY, 1)),
            ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));

    private final int[] ports;
    private final Set<Integer> handedOut = new HashSet<>();
    private int cursor;

    LoopbackPorts(int[] ports, int start) {
        if (ports.length == 0) {
            throw new IllegalArgumentException("no ports to hand out");
        }
        this.ports = ports.clone();
        this.cursor = Math.floorMod(start, ports.length);
    }

    /** One free port. */
    public static int next() {
        return THIS_JVM.take(1);
    }

    /** The first of {@code count} consecutive free ports (for run-cluster.sh's BASE_TCP_PORT and the like). */
    public static int nextRange(int count) {
        return THIS_JVM.take(count);
    }

    synchronized int take(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + count);
        }
        for (int step = 0; step < ports.length; step++) {
            int i = (cursor + step) % ports.length;
            if (available(i, count)) {
                for (int k = 0; k < count; k++) {
                    handedOut.add(ports[i] + k);
                }
                cursor = (i + count) % ports.length;
                return ports[i];
            }
        }
        throw new IllegalStateException(count + " consecutive free loopback ports not found among " + ports.length
                + " ports from " + ports[0] + " to " + ports[ports.length - 1]);
    }

    /** Ports i .. i+count-1 are consecutive numbers, none handed out yet, each bindable now. */
    private boolean available(int i, int count) {
        int last = i + count - 1;
        if (last >= ports.length || ports[last] != ports[i] + count - 1) {
            return false;
        }
        for (int k = 0; k < count; k++) {
            if (handedOut.contains(ports[i] + k) || !bindable(ports[i] + k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a listening socket can bind {@code port} on 127.0.0.1 right now. Without
     * SO_REUSEADDR, so a port that still has connections in TIME_WAIT counts as taken.
     */
    static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(ipv4Loopback(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress ipv4Loopback() throws UnknownHostException {
        return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    }
}

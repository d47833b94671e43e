package dev.distcounter.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports on 127.0.0.1. A port is found by binding port 0 and closing the socket; a port
 * already handed out in this JVM is never handed out again, so two processes of one test (or
 * a process and its restart's neighbour) never get the same one. Another program may still take
 * a port between the probe and the process binding it: {@link ClusterProcesses} retries a start
 * that failed that way with fresh ports.
 */
final class LoopbackPorts {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {}

    static int next() {
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no free loopback port after 100 attempts", last);
    }
}

package dev.distcounter.common.http;

import java.time.Duration;

/**
 * How an HTTP server is set up.
 *
 * @param bind       the interface to listen on
 * @param port       the port; 0 picks a free one
 * @param threads    the size of its pool of daemon threads
 * @param threadName its threads are named {@code <threadName>-1}, {@code -2}, ...
 * @param logName    who is speaking in its log lines, e.g. the node's address
 * @param stopGrace  how long {@link RoutedHttpServer#close()} lets requests in flight finish
 */
public record ServerSettings(
        String bind, int port, int threads, String threadName, String logName, Duration stopGrace) {
    public ServerSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("an HTTP server needs at least 1 thread, not " + threads);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        if (stopGrace.isNegative()) {
            throw new IllegalArgumentException("stop grace " + stopGrace + " is negative");
        }
    }
}

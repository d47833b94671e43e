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
 * @param readers     the most threads reading requests at once (a slow client holds one while its
 *                    headers and body arrive); a request arriving while all are busy has its
 *                    connection closed
 * @param readTimeout how long a request's headers and body may take to arrive, from its first
 *                    byte; a request still arriving then is cut off (its connection closed)
 * @param bodyBudget  bytes that bodies above the default limit may hold at once beyond their
 *                    first 64 KiB, until their replies are sent (see {@link BodyBudget}); a body
 *                    that does not fit is answered 503
 */
public record ServerSettings(
        String bind,
        int port,
        int threads,
        String threadName,
        String logName,
        Duration stopGrace,
        int readers,
        Duration readTimeout,
        long bodyBudget) {
    /** The default of {@link #readers()}: far more than legitimate clients keep busy at once. */
    public static final int DEFAULT_READERS = 256;

    /** The default of {@link #readTimeout()}: a request of this API is a few hundred bytes. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

    /**
     * The default of {@link #bodyBudget()}: a few bodies of a route whose limit is several MiB (a
     * key-value put), a small part of a node's 512 MiB heap.
     */
    public static final long DEFAULT_BODY_BUDGET = 16L * 1024 * 1024;

    /** Settings with the default {@link #readers()}, {@link #readTimeout()} and {@link #bodyBudget()}. */
    public ServerSettings(String bind, int port, int threads, String threadName, String logName, Duration stopGrace) {
        this(
                bind,
                port,
                threads,
                threadName,
                logName,
                stopGrace,
                DEFAULT_READERS,
                DEFAULT_READ_TIMEOUT,
                DEFAULT_BODY_BUDGET);
    }

    public ServerSettings {
        if (readers < 1) {
            throw new IllegalArgumentException("an HTTP server needs at least 1 reader thread, not " + readers);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("the read timeout must be positive, not " + readTimeout);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("an HTTP server needs at least 1 thread, not " + threads);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        if (bodyBudget < 0) {
            throw new IllegalArgumentException("the body budget cannot be negative, not " + bodyBudget);
        }
        if (stopGrace.isNegative()) {
            throw new IllegalArgumentException("stop grace " + stopGrace + " is negative");
        }
    }
}

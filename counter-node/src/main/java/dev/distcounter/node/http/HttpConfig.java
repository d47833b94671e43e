package dev.distcounter.node.http;

import dev.distcounter.common.http.ServerSettings;
import java.time.Duration;

/**
 * The node's HTTP API settings.
 *
 * @param bind          {@code --http-bind}: interface to listen on
 * @param port          {@code --http-port}
 * @param threads       {@code --http-threads}: threads that run handlers and send answers; a
 *                      write waiting for its log record holds none, it is answered when the
 *                      record is durable; a slow client holds none either (it holds a reader)
 * @param writeTimeout  {@code --write-timeout}: how long a write waits for the log before
 *                      answering 503 (outcome unknown)
 * @param adminToken    {@code --admin-token} or the content of {@code --admin-token-file}: when
 *                      set, admin endpoints need it (any address)
 * @param adminLoopback {@code --admin-loopback}: without a token, admin endpoints answer requests
 *                      from loopback; without either they answer nobody (403)
 * @param readers       {@code --http-readers}: the most requests being read at once
 * @param readTimeout   {@code --http-read-timeout}: how long a request's headers and body may
 *                      take to arrive
 */
public record HttpConfig(
        String bind,
        int port,
        int threads,
        Duration writeTimeout,
        String adminToken,
        boolean adminLoopback,
        int readers,
        Duration readTimeout) {
    public HttpConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("--http-threads must be at least 1");
        }
        if (readers < 1) {
            throw new IllegalArgumentException("--http-readers must be at least 1");
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("--http-read-timeout must be positive");
        }
    }

    /** Default readers and read timeout. */
    public HttpConfig(
            String bind, int port, int threads, Duration writeTimeout, String adminToken, boolean adminLoopback) {
        this(
                bind,
                port,
                threads,
                writeTimeout,
                adminToken,
                adminLoopback,
                ServerSettings.DEFAULT_READERS,
                ServerSettings.DEFAULT_READ_TIMEOUT);
    }
}

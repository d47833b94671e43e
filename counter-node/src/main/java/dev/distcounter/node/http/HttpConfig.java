package dev.distcounter.node.http;

import java.time.Duration;

/**
 * The node's HTTP API settings.
 *
 * @param bind         {@code --http-bind}: interface to listen on
 * @param port         {@code --http-port}
 * @param threads      {@code --http-threads}: threads that parse requests and send answers; a
 *                     write waiting for its log record holds none, it is answered when the record
 *                     is durable
 * @param writeTimeout {@code --write-timeout}: how long a write waits for the log before
 *                     answering 503 (outcome unknown)
 * @param adminToken   {@code --admin-token}: when set, admin endpoints need it (any address);
 *                     when empty, they answer only requests from loopback
 */
public record HttpConfig(String bind, int port, int threads, Duration writeTimeout, String adminToken) {
    public HttpConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("--http-threads must be at least 1");
        }
    }
}

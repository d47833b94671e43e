package dev.distcounter.discovery;

import dev.distcounter.common.Contracts;
import java.time.Duration;

/**
 * How one discovery server runs, as given on the command line.
 *
 * @param bind     interface to listen on ({@code 0.0.0.0} for all, as the original)
 * @param port     TCP port; 0 lets the system pick a free one
 * @param cleanup  how long a peer stays listed after it was last heard from
 * @param logLevel root log level
 */
public record DiscoveryConfig(String bind, int port, Duration cleanup, LogLevel logLevel, int maxNodes) {
    public static final int DEFAULT_PORT = 8000;

    public DiscoveryConfig {
        // The command line validates user input; these only catch callers that skipped it.
        Contracts.checkNotNull(bind, "bind");
        Contracts.check(port >= 0 && port <= 65535, () -> "port " + port + " within 0..65535");
        Contracts.checkNotNull(cleanup, "cleanup");
        Contracts.check(cleanup.compareTo(Duration.ZERO) > 0, () -> "cleanup " + cleanup + " is positive");
        Contracts.checkNotNull(logLevel, "logLevel");
        Contracts.check(maxNodes > 0, () -> "maxNodes " + maxNodes + " is positive");
    }

    /** With the default {@code --max-nodes}. */
    public DiscoveryConfig(String bind, int port, Duration cleanup, LogLevel logLevel) {
        this(bind, port, cleanup, logLevel, PeerRegistry.DEFAULT_MAX_PEERS);
    }

    /** Loopback on a free port, the way tests and scripts start a private server. */
    public static DiscoveryConfig loopback(Duration cleanup) {
        return new DiscoveryConfig("127.0.0.1", 0, cleanup, LogLevel.INFO);
    }
}

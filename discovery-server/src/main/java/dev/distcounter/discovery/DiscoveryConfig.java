package dev.distcounter.discovery;

import dev.distcounter.common.Contracts;
import dev.distcounter.common.auth.ClusterKey;
import java.time.Duration;
import java.util.Optional;

/**
 * How one discovery server runs, as given on the command line.
 *
 * @param bind     interface to listen on ({@code 0.0.0.0} for all, as the original)
 * @param port     TCP port; 0 lets the system pick a free one
 * @param cleanup  how long a peer stays listed after it was last heard from
 * @param logLevel root log level
 * @param maxNodes   how many peers the server lists at most ({@code --max-nodes}); new ones beyond are refused
 * @param clusterKey the key requests must be signed with ({@code --cluster-key-file}), or empty
 *                   to accept unsigned requests
 */
public record DiscoveryConfig(
        String bind, int port, Duration cleanup, LogLevel logLevel, int maxNodes, Optional<ClusterKey> clusterKey) {
    public static final int DEFAULT_PORT = 8000;

    public DiscoveryConfig {
        // The command line validates user input; these only catch callers that skipped it.
        Contracts.checkNotNull(bind, "bind");
        Contracts.check(port >= 0 && port <= 65535, () -> "port " + port + " within 0..65535");
        Contracts.checkNotNull(cleanup, "cleanup");
        Contracts.check(cleanup.compareTo(Duration.ZERO) > 0, () -> "cleanup " + cleanup + " is positive");
        Contracts.checkNotNull(logLevel, "logLevel");
        Contracts.check(maxNodes > 0, () -> "maxNodes " + maxNodes + " is positive");
        Contracts.checkNotNull(clusterKey, "clusterKey");
    }

    /** With the default {@code --max-nodes} and no cluster key: requests are not authenticated. */
    public DiscoveryConfig(String bind, int port, Duration cleanup, LogLevel logLevel) {
        this(bind, port, cleanup, logLevel, PeerRegistry.DEFAULT_MAX_PEERS, Optional.empty());
    }

    /** With the default {@code --max-nodes}. */
    public DiscoveryConfig(
            String bind, int port, Duration cleanup, LogLevel logLevel, Optional<ClusterKey> clusterKey) {
        this(bind, port, cleanup, logLevel, PeerRegistry.DEFAULT_MAX_PEERS, clusterKey);
    }

    /** Without a cluster key. */
    public DiscoveryConfig(String bind, int port, Duration cleanup, LogLevel logLevel, int maxNodes) {
        this(bind, port, cleanup, logLevel, maxNodes, Optional.empty());
    }

    /** Loopback on a free port, the way tests and scripts start a private server. */
    public static DiscoveryConfig loopback(Duration cleanup) {
        return new DiscoveryConfig("127.0.0.1", 0, cleanup, LogLevel.INFO);
    }
}

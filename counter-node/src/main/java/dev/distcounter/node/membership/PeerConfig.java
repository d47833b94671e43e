package dev.distcounter.node.membership;

import java.time.Duration;

/**
 * How a node judges its peers.
 *
 * @param maxFails       consecutive failed connection attempts after which a peer is left out of
 *                       gossip (it is still probed, one per round, so it comes back by itself)
 * @param failureTimeout a peer neither heard from nor listed by discovery for this long is forgotten
 */
public record PeerConfig(int maxFails, Duration failureTimeout) {
    public PeerConfig {
        if (maxFails < 1) {
            throw new IllegalArgumentException("--max-fails must be at least 1, not " + maxFails);
        }
        if (failureTimeout.isNegative() || failureTimeout.isZero()) {
            throw new IllegalArgumentException("--failure-timeout must be positive");
        }
    }
}

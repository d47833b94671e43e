package dev.distcounter.node.gossip;

import java.time.Duration;

/**
 * How a node spreads state.
 *
 * @param syncInterval {@code --sync}: period of anti-entropy rounds
 * @param maxPeers     {@code --max-peers}: peers PULLed from in each round
 * @param pushFanout   {@code --push-fanout}: peers a local update is PUSHed to at once; when the
 *                     cluster is larger, nodes that learn something new pass it on (epidemic)
 * @param pushInterval {@code --push-interval}: least time between two pushes; updates arriving
 *                     meanwhile are coalesced into the next push
 */
public record GossipConfig(Duration syncInterval, int maxPeers, int pushFanout, Duration pushInterval) {
    public GossipConfig {
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("--sync must be positive");
        }
        if (maxPeers < 1) {
            throw new IllegalArgumentException("--max-peers must be at least 1, not " + maxPeers);
        }
        if (pushFanout < 0) {
            throw new IllegalArgumentException("--push-fanout must not be negative");
        }
        if (pushInterval.isNegative()) {
            throw new IllegalArgumentException("--push-interval must not be negative");
        }
    }
}

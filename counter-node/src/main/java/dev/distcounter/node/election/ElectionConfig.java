package dev.distcounter.node.election;

import java.time.Duration;

/**
 * Bully election settings.
 *
 * @param nodeId             {@code --node-id}: this node's rank; the highest live id leads
 * @param startDelay         wait after start (to hear peers and any leader) before electing
 * @param answerTimeout      {@code --election-timeout}: how long a candidate waits for a higher node to answer
 * @param coordinatorTimeout how long it then waits for that node's COORDINATOR before trying again
 */
public record ElectionConfig(long nodeId, Duration startDelay, Duration answerTimeout, Duration coordinatorTimeout) {
    public ElectionConfig {
        if (nodeId < 0) {
            throw new IllegalArgumentException("--node-id must not be negative");
        }
        if (answerTimeout.isNegative() || answerTimeout.isZero()) {
            throw new IllegalArgumentException("--election-timeout must be positive");
        }
    }

    /** Defaults for a heartbeat period: wait two heartbeats at start, answers within one, coordinator within two. */
    public static ElectionConfig forHeartbeat(long nodeId, Duration heartbeat, Duration answerTimeout) {
        return new ElectionConfig(nodeId, heartbeat.multipliedBy(2), answerTimeout, answerTimeout.multipliedBy(2));
    }
}

package dev.distcounter.node.election;

import java.time.Duration;

/**
 * Bully election settings.
 *
 * @param nodeId             {@code --node-id}: this node's rank; the highest live id leads
 * @param startDelay         wait after start (to hear peers and any leader) before electing
 * @param answerTimeout      {@code --election-timeout}: how long a candidate waits for a higher node to answer
 * @param coordinatorTimeout how long it then waits for that node's COORDINATOR before trying again
 * @param termBound          {@code --max-term-ahead}: terms from peers further ahead than this are refused
 */
public record ElectionConfig(
        long nodeId, Duration startDelay, Duration answerTimeout, Duration coordinatorTimeout, TermBound termBound) {
    /** With the default term bound. */
    public ElectionConfig(long nodeId, Duration startDelay, Duration answerTimeout, Duration coordinatorTimeout) {
        this(nodeId, startDelay, answerTimeout, coordinatorTimeout, TermBound.defaults());
    }

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
        return forHeartbeat(nodeId, heartbeat, answerTimeout, TermBound.defaults());
    }

    /** As above, with a term bound of the caller's. */
    public static ElectionConfig forHeartbeat(
            long nodeId, Duration heartbeat, Duration answerTimeout, TermBound termBound) {
        return new ElectionConfig(
                nodeId, heartbeat.multipliedBy(2), answerTimeout, answerTimeout.multipliedBy(2), termBound);
    }
}

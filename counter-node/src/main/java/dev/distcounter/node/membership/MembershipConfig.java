package dev.distcounter.node.membership;

import java.time.Duration;

/**
 * How a node judges its peers (see {@link FailureDetector}).
 *
 * @param heartbeat      {@code --heartbeat}: period of heartbeats to peers (and of discovery polls)
 * @param suspectAfter   {@code --suspect-after}: silence after which a peer is suspect
 * @param deadAfter      {@code --dead-after}: silence after which a peer is dead
 * @param maxFails       {@code --max-fails}: failed connection attempts in a row that make a peer suspect at once
 * @param failureTimeout {@code --failure-timeout}: silence (and no discovery listing) after which a
 *                       peer is forgotten
 * @param cap            {@code --max-members}: rows of the membership table, and how many may be hints
 */
public record MembershipConfig(
        Duration heartbeat,
        Duration suspectAfter,
        Duration deadAfter,
        int maxFails,
        Duration failureTimeout,
        MemberCap cap) {
    /** With the default cap on the table. */
    public MembershipConfig(
            Duration heartbeat, Duration suspectAfter, Duration deadAfter, int maxFails, Duration failureTimeout) {
        this(
                heartbeat,
                suspectAfter,
                deadAfter,
                maxFails,
                failureTimeout,
                new MemberCap(MemberCap.DEFAULT_MAX_MEMBERS));
    }

    public MembershipConfig {
        positive(heartbeat, "--heartbeat");
        positive(suspectAfter, "--suspect-after");
        positive(deadAfter, "--dead-after");
        positive(failureTimeout, "--failure-timeout");
        if (deadAfter.compareTo(suspectAfter) <= 0) {
            throw new IllegalArgumentException("--dead-after must be longer than --suspect-after");
        }
        if (failureTimeout.compareTo(deadAfter) < 0) {
            throw new IllegalArgumentException("--failure-timeout must be at least --dead-after");
        }
        if (maxFails < 1) {
            throw new IllegalArgumentException("--max-fails must be at least 1, not " + maxFails);
        }
    }

    private static void positive(Duration d, String flag) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(flag + " must be positive");
        }
    }

    /** Defaults: heartbeat 1s, suspect after 3s, dead after 10s, 5 fails, forgotten after 30s, 256 members. */
    public static MembershipConfig defaults() {
        return new MembershipConfig(
                Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10), 5, Duration.ofSeconds(30));
    }
}

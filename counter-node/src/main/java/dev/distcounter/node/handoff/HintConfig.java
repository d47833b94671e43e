package dev.distcounter.node.handoff;

import java.time.Duration;

/**
 * How much a coordinator keeps for replicas that missed writes, and how fast it gives it back.
 *
 * @param maxPerTarget      {@code --hint-max-per-target}: hints kept for one replica; past it the
 *                          oldest is dropped
 * @param maxBytesPerTarget {@code --hint-max-bytes-per-target}: bytes of hints kept for one
 *                          replica ({@link Hint#bytes()}); past it the oldest are dropped
 * @param window            {@code --hint-window}: how long a hint is kept; older ones are dropped
 * @param replayRate        {@code --hint-replay-rate}: hints sent per second to one returning replica
 */
public record HintConfig(int maxPerTarget, long maxBytesPerTarget, Duration window, int replayRate) {
    public static final int DEFAULT_MAX_PER_TARGET = 10_000;
    public static final long DEFAULT_MAX_BYTES_PER_TARGET = 64L * 1024 * 1024;
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(3);
    public static final int DEFAULT_REPLAY_RATE = 200;

    public HintConfig {
        if (maxPerTarget < 1) {
            throw new IllegalArgumentException("--hint-max-per-target must be at least 1, not " + maxPerTarget);
        }
        if (maxBytesPerTarget < 1) {
            throw new IllegalArgumentException(
                    "--hint-max-bytes-per-target must be at least 1, not " + maxBytesPerTarget);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("--hint-window must be positive");
        }
        if (replayRate < 1) {
            throw new IllegalArgumentException("--hint-replay-rate must be at least 1, not " + replayRate);
        }
    }

    /** 10,000 hints or 64 MiB per replica, kept 3 hours, replayed at 200 a second. */
    public static HintConfig defaults() {
        return new HintConfig(
                DEFAULT_MAX_PER_TARGET, DEFAULT_MAX_BYTES_PER_TARGET, DEFAULT_WINDOW, DEFAULT_REPLAY_RATE);
    }
}

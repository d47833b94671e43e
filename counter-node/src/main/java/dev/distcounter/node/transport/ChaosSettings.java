package dev.distcounter.node.transport;

import dev.distcounter.common.GoDuration;
import dev.distcounter.common.NodeAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Faults a node injects into its own outbound frames (heartbeats included): the start-up
 * settings of {@code --chaos}, or what {@code POST /admin/chaos} sets at run time.
 *
 * @param drop     probability that a frame is dropped
 * @param minDelay shortest delay added to a frame
 * @param maxDelay longest delay added; frames delayed at random overtake each other
 * @param blocked  peers this node sends nothing to (one side of a partition)
 */
public record ChaosSettings(double drop, Duration minDelay, Duration maxDelay, Set<NodeAddress> blocked) {
    /**
     * The longest delay a frame may be given. Every delayed frame is held in memory until it is
     * sent, so a delay of hours would hold every frame of those hours; a few seconds already
     * outlast the failure detector's suspicion, which is what a delay is for.
     */
    public static final Duration MAX_DELAY = Duration.ofSeconds(10);

    // After MAX_DELAY: the constructor reads it.
    public static final ChaosSettings NONE = new ChaosSettings(0, Duration.ZERO, Duration.ZERO, Set.of());

    public ChaosSettings {
        if (!(drop >= 0 && drop <= 1)) {
            throw new IllegalArgumentException("drop must be a probability from 0 to 1, not " + drop);
        }
        if (minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0) {
            throw new IllegalArgumentException(
                    "delay range must satisfy 0 <= min <= max, not " + formatDelay(minDelay, maxDelay));
        }
        if (maxDelay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("delay " + formatDelay(minDelay, maxDelay) + " is longer than the most, "
                    + GoDuration.format(MAX_DELAY) + ": delayed frames are held in memory");
        }
        blocked = Collections.unmodifiableSortedSet(new TreeSet<>(blocked)); // sorted: readable in logs and answers
    }

    /** Parses {@code 50ms} (fixed) or {@code 10ms-200ms} (range) as {min, max}. */
    public static Duration[] parseDelay(String text) {
        String t = text.trim();
        int dash = t.indexOf('-', 1);
        try {
            Duration min = GoDuration.parse(dash < 0 ? t : t.substring(0, dash).trim());
            Duration max =
                    dash < 0 ? min : GoDuration.parse(t.substring(dash + 1).trim());
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("the range must satisfy 0 <= min <= max");
            }
            if (max.compareTo(MAX_DELAY) > 0) {
                throw new IllegalArgumentException(
                        "at most " + GoDuration.format(MAX_DELAY) + ", since delayed frames are held in memory");
            }
            return new Duration[] {min, max};
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid delay \"" + text + "\": use a duration or a range such as"
                    + " 10ms-200ms (" + e.getMessage() + ")");
        }
    }

    public static String formatDelay(Duration min, Duration max) {
        return min.equals(max) ? GoDuration.format(min) : GoDuration.format(min) + "-" + GoDuration.format(max);
    }

    public boolean none() {
        return drop == 0 && maxDelay.isZero() && blocked.isEmpty();
    }

    /** Faults on every link that is not blocked. */
    public LinkFaults linkFaults() {
        return new LinkFaults(drop, 0, minDelay, maxDelay, false);
    }

    public ChaosSettings withBlocked(Set<NodeAddress> peers) {
        return new ChaosSettings(drop, minDelay, maxDelay, peers);
    }

    @Override
    public String toString() {
        return "drop " + drop + ", delay " + formatDelay(minDelay, maxDelay) + ", blocked " + blocked;
    }
}

package dev.distcounter.node.transport;

import java.time.Duration;

/**
 * Faults applied to frames sent over one link (or every link of a node).
 *
 * @param loss      probability in [0, 1] that a frame is dropped
 * @param duplicate probability in [0, 1] that a frame is sent twice (each copy delayed on its own)
 * @param minDelay  shortest added delay
 * @param maxDelay  longest added delay; a random delay in between reorders frames
 * @param blocked   every frame is dropped (one side of a partition)
 */
public record LinkFaults(double loss, double duplicate, Duration minDelay, Duration maxDelay, boolean blocked) {
    public static final LinkFaults NONE = new LinkFaults(0, 0, Duration.ZERO, Duration.ZERO, false);
    public static final LinkFaults BLOCKED = new LinkFaults(0, 0, Duration.ZERO, Duration.ZERO, true);

    public LinkFaults {
        if (!(loss >= 0 && loss <= 1) || !(duplicate >= 0 && duplicate <= 1)) {
            throw new IllegalArgumentException(
                    "probabilities must be within 0..1 (loss " + loss + ", duplicate " + duplicate + ")");
        }
        if (minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0) {
            throw new IllegalArgumentException(
                    "delay range must satisfy 0 <= min <= max (" + minDelay + ".." + maxDelay + ")");
        }
    }

    public static LinkFaults lossy(double loss) {
        return new LinkFaults(loss, 0, Duration.ZERO, Duration.ZERO, false);
    }
}

package dev.distcounter.node.transport;

import dev.distcounter.common.protocol.FrameStamp;
import java.util.function.LongSupplier;

/**
 * Stamps every frame a transport sends with its time and a sequence number, strictly increasing
 * across all of them: the clock is held back from going backwards within the run, and the
 * sequence grows by one per frame. Receivers refuse a stamp no later than the last one they took
 * from this sender ({@link ReplayGuard}), so a captured frame cannot be sent again. Thread-safe.
 */
final class FrameStamper {
    private final LongSupplier clock;
    private long lastTimestamp = Long.MIN_VALUE; // guarded by this
    private long sequence; // guarded by this

    /** {@code clock}: wall-clock milliseconds (the scheduler's virtual ones in simulations). */
    FrameStamper(LongSupplier clock) {
        this.clock = clock;
    }

    synchronized FrameStamp next() {
        lastTimestamp = Math.max(lastTimestamp, clock.getAsLong());
        return new FrameStamp(lastTimestamp, ++sequence);
    }
}

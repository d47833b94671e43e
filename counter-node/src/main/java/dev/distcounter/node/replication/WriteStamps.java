package dev.distcounter.node.replication;

import java.util.function.LongSupplier;

/**
 * The stamps of a coordinator's versions: unique among its writes, and growing with its clock
 * (microseconds) across restarts. Scheduler thread only.
 */
final class WriteStamps {
    private final LongSupplier millis;
    private long last;

    WriteStamps(LongSupplier millis) {
        this.millis = millis;
    }

    long next() {
        last = Math.max(last + 1, millis.getAsLong() * 1000);
        return last;
    }
}

package dev.distcounter.node.replication;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of keys and values this coordinator holds for writes still being delivered,
 * bounded: a write is refused (certainly not applied) rather than reserved past the limit.
 * Changed on the scheduler thread only; read from any (a gauge).
 */
final class WriteBytes {
    /** 32 MiB: some thousands of small writes, or 10 of the largest, in flight at once. */
    static final long DEFAULT_LIMIT = 32L * 1024 * 1024;

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    WriteBytes(long limit) {
        this.limit = limit;
    }

    /** What a write holds while in flight: its key and value as a String, and once more encoded. */
    static long footprint(String key, String valueOrNull) {
        long chars = (long) key.length() + (valueOrNull == null ? 0 : valueOrNull.length());
        return 3 * chars + 64;
    }

    /** Takes {@code bytes} if they fit, and says whether they did; a write alone always fits. */
    boolean reserve(long bytes) {
        long now = held.get();
        if (now > 0 && now + bytes > limit) {
            return false;
        }
        held.addAndGet(bytes);
        return true;
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    long held() {
        return held.get();
    }

    String describe() {
        return (held.get() + 1023) / 1024 + " KiB (at most " + limit / (1024 * 1024) + " MiB)";
    }
}

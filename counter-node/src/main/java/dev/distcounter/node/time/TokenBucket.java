package dev.distcounter.node.time;

/**
 * A token bucket on a caller's clock: {@code rate} tokens a second, at most {@code capacity}
 * saved up, so over any span of {@code t} ms at most {@code capacity + rate·t/1000} are taken.
 * The one throttle of the keyspace's background traffic: anti-entropy's pushes, the range
 * handover's sends and each target's hint replay. Confined: one thread.
 */
public final class TokenBucket {
    private final double rate;
    private final double capacity;
    private double tokens;
    private long lastMillis;

    /** Starts full at {@code nowMillis}. */
    public TokenBucket(double rate, double capacity, long nowMillis) {
        if (rate <= 0 || capacity < 1) {
            throw new IllegalArgumentException("a token bucket needs a positive rate and room for a token");
        }
        this.rate = rate;
        this.capacity = capacity;
        this.tokens = capacity;
        this.lastMillis = nowMillis;
    }

    /** Takes one token if there is one at {@code nowMillis}. */
    public boolean tryTake(long nowMillis) {
        return takeUpTo(1, nowMillis) == 1;
    }

    /** Takes as many whole tokens as there are at {@code nowMillis}, {@code wanted} at most; returns how many. */
    public int takeUpTo(int wanted, long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(capacity, tokens + rate * (nowMillis - lastMillis) / 1000.0);
            lastMillis = nowMillis;
        }
        int taken = (int) Math.min(wanted, Math.floor(tokens));
        if (taken <= 0) {
            return 0;
        }
        tokens -= taken;
        return taken;
    }
}

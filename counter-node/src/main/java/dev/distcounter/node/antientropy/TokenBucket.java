package dev.distcounter.node.antientropy;

/**
 * A token bucket on a caller's clock: {@code rate} tokens a second, at most {@code capacity}
 * saved up, so over any span of {@code t} ms at most {@code capacity + rate·t/1000} are taken.
 * Confined: one thread.
 */
final class TokenBucket {
    private final double rate;
    private final double capacity;
    private double tokens;
    private long lastMillis;

    /** Starts full at {@code nowMillis}. */
    TokenBucket(double rate, double capacity, long nowMillis) {
        if (rate <= 0 || capacity < 1) {
            throw new IllegalArgumentException("a token bucket needs a positive rate and room for a token");
        }
        this.rate = rate;
        this.capacity = capacity;
        this.tokens = capacity;
        this.lastMillis = nowMillis;
    }

    /** Takes one token if there is one at {@code nowMillis}. */
    boolean tryTake(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(capacity, tokens + rate * (nowMillis - lastMillis) / 1000.0);
            lastMillis = nowMillis;
        }
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}

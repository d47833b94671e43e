package dev.distcounter.node.antientropy;

import java.time.Duration;

/**
 * How anti-entropy runs and when tombstones may go.
 *
 * @param interval       {@code --kv-anti-entropy}: how often a node opens an exchange with each
 *                       replica it shares ranges with; zero turns anti-entropy (and tombstone
 *                       collection) off
 * @param rate           {@code --kv-anti-entropy-rate}: keys a node sends peers per second, at most
 * @param tombstoneGrace {@code --kv-tombstone-grace}: how old (by its version's stamp) a tombstone
 *                       must be before it may be dropped; must exceed the hint window
 *                       (checked by the keyspace's settings)
 */
public record AntiEntropyConfig(Duration interval, int rate, Duration tombstoneGrace) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_RATE = 2000;
    /** What the grace exceeds the hint window by unless set: room for clock skew and slow rounds. */
    public static final Duration DEFAULT_GRACE_OVER_HINT_WINDOW = Duration.ofHours(1);

    public AntiEntropyConfig {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("--kv-anti-entropy must not be negative");
        }
        if (rate < 1) {
            throw new IllegalArgumentException("--kv-anti-entropy-rate must be at least 1, not " + rate);
        }
        if (tombstoneGrace.isNegative() || tombstoneGrace.isZero()) {
            throw new IllegalArgumentException("--kv-tombstone-grace must be positive");
        }
    }

    /** Every 10 s, 2000 keys a second, tombstones kept an hour past {@code hintWindow}. */
    public static AntiEntropyConfig defaults(Duration hintWindow) {
        return new AntiEntropyConfig(DEFAULT_INTERVAL, DEFAULT_RATE, hintWindow.plus(DEFAULT_GRACE_OVER_HINT_WINDOW));
    }

    public boolean enabled() {
        return !interval.isZero();
    }
}

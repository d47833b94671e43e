package dev.distcounter.node.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The token bucket: over any span, no more than what was saved up plus the rate times the span. */
class TokenBucketPropertiesTest {
    @Property(tries = 300)
    void neverGivesMoreThanCapacityPlusRateTimesTheSpan(
            @ForAll @IntRange(min = 1, max = 5_000) int rate,
            @ForAll @IntRange(min = 1, max = 500) int capacity,
            @ForAll @Size(max = 400) List<@IntRange(min = 0, max = 300) Integer> gaps) {
        TokenBucket bucket = new TokenBucket(rate, capacity, 0);
        List<Long> takenAt = new ArrayList<>();
        long now = 0;
        for (int gap : gaps) {
            now += gap;
            while (bucket.tryTake(now)) {
                takenAt.add(now);
            }
        }
        for (int from = 0; from < takenAt.size(); from += Math.max(1, takenAt.size() / 20)) {
            for (int to = from; to < takenAt.size(); to += Math.max(1, takenAt.size() / 20)) {
                long span = takenAt.get(to) - takenAt.get(from);
                assertThat((long) to - from + 1)
                        .as("tokens taken between %d and %d ms", takenAt.get(from), takenAt.get(to))
                        .isLessThanOrEqualTo(capacity + (long) Math.floor(rate * span / 1000.0) + 1);
            }
        }
    }

    @Test
    void refillsAtTheRateUpToTheCapacity() {
        TokenBucket bucket = new TokenBucket(10, 2, 0);
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isFalse();
        assertThat(bucket.tryTake(99)).isFalse();
        assertThat(bucket.tryTake(100)).isTrue();
        assertThat(bucket.tryTake(10_000)).isTrue(); // a long pause saves up only the capacity
        assertThat(bucket.tryTake(10_000)).isTrue();
        assertThat(bucket.tryTake(10_000)).isFalse();
    }

    @Test
    void takeUpToGrantsTheWholeTokensThereAreAndNoMoreThanAsked() {
        TokenBucket bucket = new TokenBucket(20, 20, 0);
        assertThat(bucket.takeUpTo(5, 0)).isEqualTo(5);
        assertThat(bucket.takeUpTo(100, 0)).isEqualTo(15);
        assertThat(bucket.takeUpTo(100, 0)).isZero();
        assertThat(bucket.takeUpTo(100, 149))
                .as("2.98 tokens saved up in 149 ms")
                .isEqualTo(2);
        assertThat(bucket.takeUpTo(0, 10_000)).isZero();
        assertThat(bucket.takeUpTo(100, 10_000)).isEqualTo(20);
    }
}

package dev.distcounter.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SubsetSumsTest {

    /** Every subset, enumerated: the obviously-right answer for a few amounts. */
    private static Set<Long> bruteForce(List<Long> amounts) {
        Set<Long> sums = new HashSet<>();
        for (int mask = 0; mask < 1 << amounts.size(); mask++) {
            long s = 0;
            for (int i = 0; i < amounts.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    s += amounts.get(i);
                }
            }
            sums.add(s);
        }
        return sums;
    }

    @Property
    void agreesWithBruteForce(
            @ForAll @Size(max = 12) List<@LongRange(min = 1, max = 200) Long> amounts,
            @ForAll @IntRange(min = -5, max = 2_500) int target) {
        SubsetSums sums =
                new SubsetSums(amounts.stream().mapToLong(Long::longValue).toArray());

        assertThat(sums.canReach(target)).isEqualTo(bruteForce(amounts).contains((long) target));
    }

    @Property
    void handlesManyRepeatsOfFewValues(
            @ForAll @Size(max = 6) List<@LongRange(min = 1, max = 70) Long> amounts,
            @ForAll @IntRange(min = 1, max = 9) int copies,
            @ForAll @IntRange(min = 0, max = 4_000) int target) {
        // Binary splitting regroups repeats; brute force over (value, how many) must agree.
        long[] all = amounts.stream()
                .flatMapToLong(a -> LongStream.generate(() -> a).limit(copies))
                .toArray();
        Set<Long> reachable = new HashSet<>(Set.of(0L));
        for (long a : all) {
            Set<Long> next = new HashSet<>(reachable);
            reachable.forEach(s -> next.add(s + a));
            reachable = next;
        }

        assertThat(new SubsetSums(all).canReach(target)).isEqualTo(reachable.contains((long) target));
    }

    @Test
    void crossesWordBoundariesOfTheBitset() {
        SubsetSums sums = new SubsetSums(new long[] {64, 63, 130, 1});

        assertThat(sums.canReach(127)).isTrue();
        assertThat(sums.canReach(194)).isTrue();
        assertThat(sums.canReach(195)).isTrue();
        assertThat(sums.canReach(66)).isFalse();
        assertThat(sums.canReach(258)).isTrue();
        assertThat(sums.canReach(259)).isFalse();
    }

    @Test
    void fallsBackToTheRangeAboveTheExactLimit() {
        SubsetSums sums = new SubsetSums(new long[] {6_000_000, 6_000_000});

        assertThat(sums.exact()).isFalse();
        assertThat(sums.canReach(1)).isTrue(); // not exactly reachable: the documented approximation
        assertThat(sums.canReach(12_000_001)).isFalse();
        assertThat(sums.canReach(-1)).isFalse();
    }

    @Test
    // A watchdog, not a speed target: the worst case below takes well under a second.
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void exactNearTheLimitWithManyDistinctAmounts() {
        // 2, 4, ..., 6200 sum to 9,613,100: under the limit, 3,100 distinct knapsack pieces, and
        // an odd target is unreachable, so the knapsack runs to the end (its worst case).
        long[] amounts = LongStream.rangeClosed(1, 3_100).map(i -> 2 * i).toArray();
        SubsetSums sums = new SubsetSums(amounts);
        assertThat(sums.exact()).isTrue();
        assertThat(sums.canReach(sums.total() / 2 + 1)).isFalse();
        assertThat(sums.canReach(sums.total() / 2)).isTrue();
    }
}

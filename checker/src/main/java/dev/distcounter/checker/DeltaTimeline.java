package dev.distcounter.checker;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Operations keyed by one instant each (invoke or complete), answering "how much was
 * incremented, and how much decremented, by operations at (or strictly before) time t" in O(log n). This
 * is what keeps checking a read O(log n) instead of a scan over every operation.
 */
final class DeltaTimeline {
    private static final DeltaTimeline EMPTY = new DeltaTimeline(new long[0], new long[1], new long[1]);

    private final long[] times;
    /** incrementsInFirst[k] is the sum of increments among the first k operations by time. */
    private final long[] incrementsInFirst;

    private final long[] decrementsInFirst;

    private DeltaTimeline(long[] times, long[] incrementsInFirst, long[] decrementsInFirst) {
        this.times = times;
        this.incrementsInFirst = incrementsInFirst;
        this.decrementsInFirst = decrementsInFirst;
    }

    static DeltaTimeline empty() {
        return EMPTY;
    }

    /** @throws ArithmeticException when the sums leave the 64-bit range */
    static DeltaTimeline of(List<Operation> ops, ToLongFunction<Operation> instant) {
        Operation[] sorted = ops.toArray(new Operation[0]);
        Arrays.sort(sorted, Comparator.comparingLong(instant));
        long[] times = new long[sorted.length];
        long[] inc = new long[sorted.length + 1];
        long[] dec = new long[sorted.length + 1];
        for (int k = 0; k < sorted.length; k++) {
            times[k] = instant.applyAsLong(sorted[k]);
            inc[k + 1] = Math.addExact(inc[k], sorted[k].increment());
            dec[k + 1] = Math.addExact(dec[k], sorted[k].decrement());
        }
        return new DeltaTimeline(times, inc, dec);
    }

    long incrementsUpTo(long t) {
        return incrementsInFirst[countUpTo(t)];
    }

    long decrementsUpTo(long t) {
        return decrementsInFirst[countUpTo(t)];
    }

    long incrementsBefore(long t) {
        return incrementsInFirst[countBefore(t)];
    }

    long decrementsBefore(long t) {
        return decrementsInFirst[countBefore(t)];
    }

    /** The number of operations whose instant is at or before {@code t}. */
    private int countUpTo(long t) {
        return t == Long.MAX_VALUE ? times.length : countBefore(t + 1);
    }

    /** The number of operations whose instant is strictly before {@code t}. */
    private int countBefore(long t) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

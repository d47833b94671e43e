package dev.distcounter.checker;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which totals a subset of some positive amounts can reach: the question "could exactly these
 * indeterminate operations have been applied?". Exact (a bitset knapsack) while the amounts add
 * up to at most {@link #EXACT_LIMIT}; beyond that only the range 0..total is checked, which can
 * miss an unexplainable total but never reject an explainable one.
 */
final class SubsetSums {
    /** Bitset of this many bits is 1.25 MB; the knapsack stays well under a second. */
    static final long EXACT_LIMIT = 10_000_000L;

    private final long[] amounts;
    private final long total;

    /** @throws ArithmeticException when the amounts add up past the 64-bit range */
    SubsetSums(long[] amounts) {
        long sum = 0;
        for (long a : amounts) {
            if (a <= 0) {
                throw new IllegalArgumentException("amounts must be positive, not " + a);
            }
            sum = Math.addExact(sum, a);
        }
        this.amounts = amounts.clone();
        this.total = sum;
    }

    long total() {
        return total;
    }

    int count() {
        return amounts.length;
    }

    /** False when only the range is checked (see class comment). */
    boolean exact() {
        return total <= EXACT_LIMIT;
    }

    boolean canReach(long target) {
        if (target < 0 || target > total) {
            return false;
        }
        if (!exact()) {
            return true;
        }
        // Reaching t is reaching total - t with the complement subset; take the smaller bitset.
        long goal = Math.min(target, total - target);
        if (goal == 0) {
            return true;
        }
        return knapsack((int) goal);
    }

    private boolean knapsack(int goal) {
        long[] reachable = new long[(goal >>> 6) + 1];
        reachable[0] = 1L;
        for (long piece : pieces()) {
            if (piece <= goal) {
                shiftOr(reachable, (int) piece, goal);
                if ((reachable[goal >>> 6] & (1L << (goal & 63))) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The amounts regrouped by binary splitting: c copies of a become pieces a, 2a, 4a, ... that
     * reach every multiple 0..c·a. Deltas repeat a lot (+1, -1, +5), so this turns 100,000
     * operations into a few hundred knapsack pieces.
     */
    private long[] pieces() {
        Map<Long, Long> counts = new TreeMap<>();
        for (long a : amounts) {
            counts.merge(a, 1L, Long::sum);
        }
        long[] out = new long[amounts.length];
        int n = 0;
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            long left = e.getValue();
            for (long take = 1; left > 0; take *= 2) {
                long m = Math.min(take, left);
                out[n++] = m * e.getKey();
                left -= m;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** bits |= bits << shift, keeping bits 0..goal; high to low so each piece is used once. */
    private static void shiftOr(long[] bits, int shift, int goal) {
        int words = shift >>> 6;
        int offset = shift & 63;
        for (int i = goal >>> 6; i >= words; i--) {
            long moved = bits[i - words] << offset;
            if (offset != 0 && i - words - 1 >= 0) {
                moved |= bits[i - words - 1] >>> (64 - offset);
            }
            bits[i] |= moved;
        }
    }
}

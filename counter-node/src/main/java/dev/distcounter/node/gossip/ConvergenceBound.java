package dev.distcounter.node.gossip;

import java.time.Duration;

/**
 * How long after the network heals (and operations stop) every node holds the same state
 * (docs/guarantees.md §4). Pure arithmetic, so an operator can compute it for a cluster and tests
 * can hold simulations to it.
 *
 * <p>Model. Split the cluster into two sides of {@code s} and {@code n - s} nodes that do not
 * know each other's news. Every anti-entropy round each node PULLs {@code k} random peers
 * ({@code --max-peers}). A PULL across the split carries the sender's state over, and the answer
 * (a PUSH) carries the other side's state back; each node that learns second-hand news pushes it
 * on at once, so one exchange across the split in which both frames arrive (probability
 * {@code (1-p)^2} with loss {@code p}) converges the cluster within milliseconds. Treating the
 * {@code k} picks as independent (with replacement) over-estimates the chance of missing the
 * other side, so the bound is conservative:
 *
 * <pre>
 *   q(s)   = [1 - (n-s)/(n-1) (1-p)^2]^(k s) * [1 - s/(n-1) (1-p)^2]^(k (n-s))   a round with no exchange
 *   q      = max over s in 1..n-1 of q(s)
 *   rounds = ceil(ln(eps) / ln(q)), at least 1                                   P(not converged) <= eps
 *   time   = rounds * (the slowest node's --sync)
 * </pre>
 */
public final class ConvergenceBound {
    private ConvergenceBound() {}

    /** Probability that one round sees no complete exchange between sides of {@code s} and {@code n-s}. */
    public static double noExchange(int n, int k, double loss, int s) {
        checkArguments(n, k, loss);
        double delivered = (1 - loss) * (1 - loss);
        double fromSmall = Math.pow(1 - (double) (n - s) / (n - 1) * delivered, (double) k * s);
        double fromLarge = Math.pow(1 - (double) s / (n - 1) * delivered, (double) k * (n - s));
        return fromSmall * fromLarge;
    }

    /** The worst split's {@link #noExchange}. */
    public static double worstNoExchange(int n, int k, double loss) {
        double worst = 0;
        for (int s = 1; s < n; s++) {
            worst = Math.max(worst, noExchange(n, k, loss, s));
        }
        return worst;
    }

    /** Anti-entropy rounds after which the cluster has converged with probability at least {@code 1 - eps}. */
    public static int rounds(int n, int k, double loss, double eps) {
        if (!(eps > 0 && eps < 1)) {
            throw new IllegalArgumentException("eps must be within (0, 1), not " + eps);
        }
        if (n < 2) {
            return 0;
        }
        double q = worstNoExchange(n, k, loss);
        if (q <= 0) {
            return 1;
        }
        if (q >= 1) {
            throw new IllegalArgumentException("with loss " + loss + " no exchange ever completes");
        }
        return Math.max(1, (int) Math.ceil(Math.log(eps) / Math.log(q)));
    }

    /** {@link #rounds} in time, given the slowest node's sync interval. */
    public static Duration time(int n, int k, double loss, double eps, Duration slowestSync) {
        return slowestSync.multipliedBy(rounds(n, k, loss, eps));
    }

    private static void checkArguments(int n, int k, double loss) {
        if (n < 2 || k < 1 || !(loss >= 0 && loss < 1)) {
            throw new IllegalArgumentException(
                    "need n >= 2, k >= 1 and 0 <= loss < 1 (n=" + n + ", k=" + k + ", loss=" + loss + ")");
        }
    }
}

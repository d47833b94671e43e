package dev.distcounter.node.election;

/**
 * How far ahead of this node's term an election term from a peer may be and still be taken: a
 * pure function, so the rule is tested on a table ({@code TermBoundTest}).
 *
 * <p>Legitimately a term grows by one per election, and a side of a partition runs ahead of the
 * other by one per election it holds: a handful in practice, since each needs a leader to be
 * lost (noticed after {@code --suspect-after}) or a higher node to appear. A term from far ahead
 * is forged or broken, and taking it would be forever: terms only grow, so one frame with
 * 2^63-1 stops them (the next election would overflow). So:
 *
 * <pre>
 *   offered <= known                              -> taken (not news; callers ignore old terms)
 *   offered > MAX_TERM                            -> refused (2^53: exact as a JSON number, far from overflow)
 *   known == 0                                    -> taken (a node that just started catches up to any cluster)
 *   offered - known <= maxAhead                   -> taken
 *   otherwise                                     -> refused
 * </pre>
 *
 * With the default of 1,000 a forger needs about 9·10^12 accepted frames to walk terms up to the
 * ceiling; a side of a partition would have to hold 1,000 elections before the heal for its
 * leader to be refused (then the refusing nodes keep their own leader until they restart, which
 * catches them up).
 *
 * @param maxAhead {@code --max-term-ahead}: the largest accepted jump above the known term
 */
public record TermBound(long maxAhead) {
    /** No term above this is ever taken: 2^53. */
    public static final long MAX_TERM = 1L << 53;

    /** The default of {@code --max-term-ahead}. */
    public static final long DEFAULT_MAX_AHEAD = 1_000;

    public TermBound {
        if (maxAhead < 1) {
            throw new IllegalArgumentException("--max-term-ahead must be at least 1, not " + maxAhead);
        }
    }

    public static TermBound defaults() {
        return new TermBound(DEFAULT_MAX_AHEAD);
    }

    /** Whether a term {@code offered} by a peer may be taken by a node whose term is {@code known}. */
    public boolean accepts(long known, long offered) {
        if (offered <= known) {
            return true;
        }
        if (offered > MAX_TERM) {
            return false;
        }
        return known == 0 || offered - known <= maxAhead;
    }
}

package dev.distcounter.node.antientropy;

import java.util.List;

/**
 * AE_ROOTS (36): an exchange's opening, "these are my roots of the ranges we share". The peer
 * answers with the leaves of the ranges whose roots differ ({@link RangeLeaves}). Binary form:
 * {@link AntiEntropyMessages}.
 *
 * @param exchangeId chosen by the sender, carried by every frame of the exchange
 * @param roots      at most {@link AntiEntropyMessages#MAX_RANGES} ranges
 */
public record RangeRoots(long exchangeId, List<Root> roots) {
    public RangeRoots {
        roots = List.copyOf(roots);
        AntiEntropyMessages.checkCount("ranges", roots.size(), AntiEntropyMessages.MAX_RANGES);
    }

    /** A range, by its start and end tokens, and its tree's root. */
    public record Root(long start, long end, long root) {}
}

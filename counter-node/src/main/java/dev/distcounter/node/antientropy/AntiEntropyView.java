package dev.distcounter.node.antientropy;

/**
 * Anti-entropy as {@code /cluster} shows it ({@code antiEntropy}).
 *
 * @param enabled            whether it runs ({@code --kv-anti-entropy} not 0)
 * @param lastExchangeMillis when this node last opened or answered an exchange (its clock); -1 never
 * @param keysRepaired       keys this node pushed to peers that lacked them or held them older
 * @param keysPulled         keys this node asked peers for
 * @param rangesInSync       shared ranges whose roots matched, at the latest exchange with each peer
 * @param rangesOutOfSync    ranges whose roots differed, likewise
 * @param tombstonesDropped  tombstones dropped here
 */
public record AntiEntropyView(
        boolean enabled,
        long lastExchangeMillis,
        long keysRepaired,
        long keysPulled,
        int rangesInSync,
        int rangesOutOfSync,
        long tombstonesDropped) {}

package dev.distcounter.node.membership;

import dev.distcounter.common.NodeAddress;
import java.util.Set;

/**
 * What a node knows of one peer, as shown by {@code /peers} and {@code /health}.
 *
 * @param address             its gossip address
 * @param sources             how we learned of it
 * @param lastContactMillis   last frame from it or connection to it (0: never)
 * @param lastListedMillis    last time discovery listed it (0: never)
 * @param consecutiveFailures failed connection attempts since the last success
 * @param reachable           true while {@code consecutiveFailures} is below {@code --max-fails}
 */
public record Peer(NodeAddress address, Set<PeerSource> sources, long lastContactMillis, long lastListedMillis,
                   int consecutiveFailures, boolean reachable) {
}

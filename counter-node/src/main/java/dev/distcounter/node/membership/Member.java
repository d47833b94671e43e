package dev.distcounter.node.membership;

import dev.distcounter.common.NodeAddress;
import java.util.Set;

/**
 * One row of the membership table, as {@code /cluster} shows it.
 *
 * @param address             its gossip address
 * @param nodeId              the id it announced in its heartbeats (-1: not yet heard)
 * @param incarnation         the incarnation it announced (-1: not yet heard); changes when it restarts
 * @param state               alive, suspect or dead
 * @param sources             how this node learned of it
 * @param silenceMillis       time since the last frame from it or connection to it
 * @param inStateMillis       time since its state last changed
 * @param consecutiveFailures failed connection attempts since the last success
 */
public record Member(
        NodeAddress address,
        long nodeId,
        long incarnation,
        MemberState state,
        Set<PeerSource> sources,
        long silenceMillis,
        long inStateMillis,
        int consecutiveFailures) {}

package dev.distcounter.node.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.distcounter.node.antientropy.AntiEntropyView;
import dev.distcounter.node.replication.RingSummary;
import java.util.List;

/**
 * {@code /cluster} in JSON: this node, its leadership, its membership table and, on a node that
 * serves the keyspace, its settings and ring.
 *
 * @param leader   the leader this node follows, null before the first election
 * @param keyspace N, R, W, the virtual nodes and each member's share of the ring; absent (null)
 *                 without a keyspace
 * @param antiEntropy the last exchange, keys repaired and ranges in and out of sync; absent (null)
 *                 where no member reports it
 */
public record ClusterView(
        String node,
        long nodeId,
        long incarnation,
        String leader,
        long term,
        boolean electing,
        long elections,
        long deadVerdicts,
        long badFrames,
        List<MemberRow> members,
        @JsonInclude(JsonInclude.Include.NON_NULL) RingSummary keyspace,
        @JsonInclude(JsonInclude.Include.NON_NULL) AntiEntropyView antiEntropy) {
    public ClusterView {
        members = List.copyOf(members);
    }

    /** This view with {@code ring} as its keyspace. */
    public ClusterView withKeyspace(RingSummary ring) {
        return with(ring, antiEntropy);
    }

    /** This view with anti-entropy's state. */
    public ClusterView withAntiEntropy(AntiEntropyView state) {
        return with(keyspace, state);
    }

    private ClusterView with(RingSummary ring, AntiEntropyView state) {
        return new ClusterView(
                node,
                nodeId,
                incarnation,
                leader,
                term,
                electing,
                elections,
                deadVerdicts,
                badFrames,
                members,
                ring,
                state);
    }

    /**
     * One member as {@code /cluster} shows it.
     *
     * @param state   {@code alive}, {@code suspect} or {@code dead}
     * @param sources how this node learned of it: {@code seed}, {@code discovery}, ...
     */
    public record MemberRow(
            String addr,
            String state,
            long nodeId,
            long incarnation,
            long silenceMs,
            long inStateMs,
            int consecutiveFailures,
            List<String> sources) {
        public MemberRow {
            sources = List.copyOf(sources);
        }
    }
}

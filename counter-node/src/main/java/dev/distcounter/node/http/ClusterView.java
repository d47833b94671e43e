package dev.distcounter.node.http;

import java.util.List;

/**
 * {@code /cluster} in JSON: this node, its leadership and its membership table.
 *
 * @param leader the leader this node follows, null before the first election
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
        List<MemberRow> members) {
    public ClusterView {
        members = List.copyOf(members);
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

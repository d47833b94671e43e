package dev.distcounter.tool.http;

import java.util.List;

/**
 * A node's {@code GET /cluster}: its election state and its membership table.
 *
 * @param leader the address of the leader it follows, null when it knows none
 * @param term   null when the node did not say
 */
public record ClusterView(
        String node,
        Long nodeId,
        Long incarnation,
        String leader,
        Long term,
        boolean electing,
        Long elections,
        Long deadVerdicts,
        Long badFrames,
        List<Member> members) {
    public ClusterView {
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** One row of the membership table. */
    public record Member(
            String addr,
            String state,
            Long nodeId,
            Long incarnation,
            Long silenceMs,
            Long inStateMs,
            Long consecutiveFailures,
            List<String> sources) {}

    public long membersIn(String state) {
        return members.stream().filter(m -> state.equals(m.state())).count();
    }
}

package dev.distcounter.node.http;

import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Route;

/**
 * {@code GET|HEAD /cluster}: the leader this node follows and its membership table:
 *
 * <pre>
 * Leader: localhost:9004 (term 1)
 * Members (4):
 *   localhost:9000 alive (id 9000, silent 312 ms)
 * </pre>
 */
final class ClusterResource {
    private final CounterOperations node;

    ClusterResource(CounterOperations node) {
        this.node = node;
    }

    Route route() {
        return Route.at("/cluster").on("GET", request -> cluster()).withHead();
    }

    private Reply cluster() {
        ClusterView view = node.cluster();
        StringBuilder text = new StringBuilder("Leader: ")
                .append(view.leader() == null ? "none" : view.leader())
                .append(" (term ")
                .append(view.term())
                .append(")\nMembers (")
                .append(view.members().size())
                .append("):");
        for (ClusterView.MemberRow m : view.members()) {
            text.append("\n  ")
                    .append(m.addr())
                    .append(" ")
                    .append(m.state())
                    .append(" (id ")
                    .append(m.nodeId())
                    .append(", silent ")
                    .append(m.silenceMs())
                    .append(" ms)");
        }
        return Reply.ok(text.toString(), view);
    }
}

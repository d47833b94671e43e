package dev.distcounter.node.http;

import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Route;
import dev.distcounter.node.replication.KeyValueOperations;
import dev.distcounter.node.replication.RingSummary;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET|HEAD /cluster}: the leader this node follows, its membership table and, on a node
 * that serves the keyspace, the keyspace's settings and ring:
 *
 * <pre>
 * Leader: localhost:9004 (term 1)
 * Members (4):
 *   localhost:9000 alive (id 9000, silent 312 ms)
 * Keyspace: N=3 R=2 W=2, 16 vnodes per member
 *   R+W&gt;N: a read sees every write acknowledged before it started
 *   localhost:9000 alive, primary for 24.8% of the ring
 * </pre>
 */
final class ClusterResource {
    private final CounterOperations node;
    private final Optional<KeyValueOperations> keys;

    ClusterResource(CounterOperations node, Optional<KeyValueOperations> keys) {
        this.node = node;
        this.keys = keys;
    }

    Route route() {
        return Route.at("/cluster").on("GET", request -> cluster()).withHead();
    }

    private Reply cluster() {
        ClusterView view = node.cluster();
        if (keys.isPresent()) {
            view = view.withKeyspace(keys.get().ring());
        }
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
        if (view.keyspace() != null) {
            appendKeyspace(text, view.keyspace());
        }
        return Reply.ok(text.toString(), view);
    }

    private static void appendKeyspace(StringBuilder text, RingSummary ring) {
        text.append("\nKeyspace: N=")
                .append(ring.n())
                .append(" R=")
                .append(ring.r())
                .append(" W=")
                .append(ring.w())
                .append(", ")
                .append(ring.vnodes())
                .append(" vnodes per member\n  ")
                .append(
                        ring.quorumsOverlap()
                                ? "R+W>N: a read sees every write acknowledged before it started"
                                : "WARNING: R+W<=N: a read may miss a write acknowledged before it started");
        if (ring.sloppyQuorum()) {
            text.append("\n  sloppy quorum on: with fewer than W replicas up, writes go to stand-ins;"
                    + " a read may miss them until the replicas are back");
        }
        for (RingSummary.MemberShare member : ring.members()) {
            text.append("\n  ")
                    .append(member.node())
                    .append(" ")
                    .append(member.state())
                    .append(", primary for ")
                    .append(String.format(Locale.ROOT, "%.1f%%", member.share() * 100))
                    .append(" of the ring");
            if (member.hintsPending() > 0) {
                text.append(", ").append(member.hintsPending()).append(" hint(s) pending for it");
            }
        }
        if (!ring.membership().isEmpty()) {
            text.append("\n  Ring membership:");
            for (RingSummary.RingMemberRow row : ring.membership()) {
                text.append(' ')
                        .append(row.node())
                        .append(' ')
                        .append(row.status())
                        .append(',');
            }
            text.setLength(text.length() - 1);
        }
    }
}

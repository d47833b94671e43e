package dev.distcounter.node.http;

import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.Route;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.replication.KeyValueOperations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET|HEAD /ui/state}: this node's counter and {@code /cluster} view in one JSON object
 * ({@link UiStateView}), read-only, for the page that any node serves.
 *
 * <p>Why CORS here, and only here: a page served by one node must show every node's value and
 * leader, so it reads every node's state; the other choice, one node fetching the others for the
 * page, would make a node an HTTP client of addresses that callers pick. This route allows a
 * cross-origin read ({@code Access-Control-Allow-Origin} echoing the {@code Origin}) only to a
 * page served from a host of the cluster ({@link ClusterHosts}): a page from elsewhere that a
 * browser on the machine opens cannot read it. It is a GET that changes nothing and needs no
 * preflight; no other route, and never {@code /admin/*}, answers CORS.
 */
final class UiStateResource {
    private final CounterOperations node;
    private final Optional<KeyValueOperations> keys;

    UiStateResource(CounterOperations node, Optional<KeyValueOperations> keys) {
        this.node = node;
        this.keys = keys;
    }

    Route route() {
        return Route.at("/ui/state").on("GET", this::state).withHead();
    }

    /** The hosts of the members this node knows, and loopback. */
    ClusterHosts hosts() {
        List<String> members = new ArrayList<>();
        members.add(node.address().toString());
        for (ClusterView.MemberRow member : node.cluster().members()) {
            members.add(member.addr());
        }
        return ClusterHosts.of(members);
    }

    private Reply state(Request request) {
        PNCounter counter = node.current();
        ClusterView cluster = node.cluster();
        if (keys.isPresent()) {
            cluster = cluster.withKeyspace(keys.get().ring());
        }
        String self = node.address().toString();
        UiStateView view = new UiStateView(
                self, new CounterView(counter.value(), counter.version(), self, counter.digest()), cluster);
        Reply reply = Reply.json(200, view).withHeaders(Map.of("Vary", "Origin", "Cache-Control", "no-store"));
        String origin = request.header("Origin");
        if (origin != null && hosts().allowsOrigin(origin)) {
            reply = reply.withHeaders(Map.of("Access-Control-Allow-Origin", origin));
        }
        return reply;
    }
}

package dev.distcounter.node.http;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Route;
import java.util.List;

/** {@code GET|HEAD /peers}: the peers this node gossips with, sorted: {@code Peers (2): [a b]}. */
final class PeersResource {
    private final CounterOperations node;

    PeersResource(CounterOperations node) {
        this.node = node;
    }

    Route route() {
        return Route.at("/peers").on("GET", request -> peers()).withHead();
    }

    private Reply peers() {
        List<String> names = node.peers().stream().map(NodeAddress::toString).toList();
        return Reply.ok(
                "Peers (" + names.size() + "): [" + String.join(" ", names) + "]", new PeersView(names.size(), names));
    }
}

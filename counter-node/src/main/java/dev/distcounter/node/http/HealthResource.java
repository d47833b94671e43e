package dev.distcounter.node.http;

import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Route;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET|HEAD /health}: 200 "OK ..." while the node can take writes, 503 "FAILING ..." once
 * it cannot (its WAL failed). The text lists the scalar fields of {@link HealthView} as
 * {@code name=value}, in its order.
 */
final class HealthResource {
    private final CounterOperations node;

    HealthResource(CounterOperations node) {
        this.node = node;
    }

    Route route() {
        return Route.at("/health").on("GET", request -> health()).withHead();
    }

    private Reply health() {
        HealthView health = node.health();
        return Reply.of(health.ok() ? 200 : 503, text(health), health);
    }

    static String text(HealthView h) {
        List<String> fields = new ArrayList<>();
        fields.add("status=" + h.status());
        if (h.walFailure() != null) {
            fields.add("walFailure=" + h.walFailure());
        }
        fields.add("node=" + h.node());
        fields.add("replica=" + h.replica());
        fields.add("value=" + h.value());
        fields.add("version=" + h.version());
        fields.add("peers=" + h.peers());
        fields.add("leader=" + h.leader());
        fields.add("term=" + h.term());
        fields.add("wal=" + h.wal());
        fields.add("chaos=" + h.chaos());
        fields.add("uptimeSeconds=" + h.uptimeSeconds());
        return (h.ok() ? "OK " : "FAILING ") + String.join(" ", fields);
    }
}

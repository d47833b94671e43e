package dev.distcounter.node.http;

import dev.distcounter.common.http.ErrorViews;
import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.Route;
import dev.distcounter.node.replication.KeyValueOperations;
import java.util.List;

/**
 * {@code GET|HEAD /kv/replica/{key}}: what this node holds for the key as a replica, read from its
 * own store without any quorum ({@link KvReplicaView}, always 200 JSON, also when it holds
 * nothing); 400 for a bad key. Not a client read (it may be stale or a replica the key no longer
 * belongs to): it is how the simulation records every replica's final state for the history
 * checker.
 */
final class KvReplicaResource {
    private static final ErrorViews ERROR_VIEWS = ErrorViews.asJson((status, error) -> KvReplicaView.refused(error));

    private final KeyValueOperations keys;

    KvReplicaResource(KeyValueOperations keys) {
        this.keys = keys;
    }

    List<Route> routes() {
        return List.of(
                Route.at("/kv/replica/{key}")
                        .on("GET", request -> {
                            String key = KvInput.key(request.pathParameter("key"));
                            return Reply.json(200, KvReplicaView.of(key, keys.heldHere(key)));
                        })
                        .withHead()
                        .withErrorViews(ERROR_VIEWS),
                Route.at("/kv/replica/")
                        .on("GET", request -> {
                            throw RequestRefusedException.badRequest("key required");
                        })
                        .withHead()
                        .withErrorViews(ERROR_VIEWS));
    }
}

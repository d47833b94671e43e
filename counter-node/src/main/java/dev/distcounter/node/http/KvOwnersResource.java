package dev.distcounter.node.http;

import dev.distcounter.common.http.ErrorViews;
import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.Route;
import dev.distcounter.node.replication.KeyValueOperations;
import java.util.List;

/**
 * {@code GET|HEAD /kv/owners/{key}}: the key's preference list as this node sees it, primary
 * first, each replica with its state ({@link KvOwnersView}, always JSON); 400 for a bad key.
 */
final class KvOwnersResource {
    private static final ErrorViews ERROR_VIEWS = ErrorViews.asJson(ErrorViews.PLAIN);

    private final KeyValueOperations keys;

    KvOwnersResource(KeyValueOperations keys) {
        this.keys = keys;
    }

    List<Route> routes() {
        return List.of(
                Route.at("/kv/owners/{key}")
                        .on(
                                "GET",
                                request -> Reply.json(
                                        200, KvOwnersView.of(keys.owners(KvInput.key(request.pathParameter("key"))))))
                        .withHead()
                        .withErrorViews(ERROR_VIEWS),
                Route.at("/kv/owners/")
                        .on("GET", request -> {
                            throw RequestRefusedException.badRequest("key required");
                        })
                        .withHead()
                        .withErrorViews(ERROR_VIEWS));
    }
}

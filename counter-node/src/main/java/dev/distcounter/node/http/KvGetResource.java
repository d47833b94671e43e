package dev.distcounter.node.http;

import dev.distcounter.common.http.ErrorViews;
import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.Route;
import dev.distcounter.node.replication.KeyValueOperations;
import dev.distcounter.node.replication.ReadResult;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET|HEAD /kv/get/{key}[?r=N]}: reads the key (URL-decoded from the path, a {@code /} in it
 * escaped as {@code %2F}) through this node's coordinator. Replies ({@link KvReadView}, always
 * JSON): 200 found, 404 not found (never written, or deleted), 503 no read quorum; 400 for a bad
 * key or {@code r} (1 to N), and for {@code /kv/get/} (key required).
 */
final class KvGetResource {
    private static final ErrorViews ERROR_VIEWS = ErrorViews.asJson((status, error) -> KvReadView.refused(error));

    private final KeyValueOperations keys;

    KvGetResource(KeyValueOperations keys) {
        this.keys = keys;
    }

    List<Route> routes() {
        return List.of(
                Route.at("/kv/get/{key}").onAsync("GET", this::get).withHead().withErrorViews(ERROR_VIEWS),
                Route.at("/kv/get/")
                        .on("GET", request -> {
                            throw RequestRefusedException.badRequest("key required");
                        })
                        .withHead()
                        .withErrorViews(ERROR_VIEWS));
    }

    private CompletionStage<Reply> get(Request request) {
        OptionalInt r = KvInput.quorum(request.query(), "r", keys.replicas());
        String key = KvInput.key(request.pathParameter("key"));
        return keys.get(key, r).thenApply(KvGetResource::reply);
    }

    private static Reply reply(ReadResult result) {
        int status = switch (result.kind()) {
            case FOUND -> 200;
            case NOT_FOUND -> 404;
            case NO_QUORUM -> 503;
        };
        return Reply.json(status, KvReadView.of(result));
    }
}

package dev.distcounter.node.http;

import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.Route;
import dev.distcounter.node.replication.KeyValueOperations;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;

/**
 * {@code DELETE /kv/{key}[?w=N]}: writes a tombstone for the key (URL-decoded from the path, a
 * {@code /} in it escaped as {@code %2F}) through this node's coordinator, with a put's replies
 * ({@link KvWriteView}, always JSON). {@code DELETE /kv/} is refused: key required.
 */
final class KvDeleteResource {
    private final KeyValueOperations keys;
    private final KvWrites deletes;

    KvDeleteResource(KeyValueOperations keys, KvWrites deletes) {
        this.keys = keys;
        this.deletes = deletes;
    }

    List<Route> routes() {
        return List.of(
                Route.at("/kv/{key}")
                        .onAsync("DELETE", request -> delete(request, request.pathParameter("key")))
                        .withErrorViews(KvWrites.ERROR_VIEWS),
                Route.at("/kv/")
                        .on("DELETE", request -> {
                            throw RequestRefusedException.badRequest("key required");
                        })
                        .withErrorViews(KvWrites.ERROR_VIEWS));
    }

    CompletionStage<Reply> delete(Request request, String key) {
        return deletes.write(request.arrivedNanos(), () -> {
            OptionalInt w = KvInput.quorum(request.query(), "w", keys.replicas());
            return keys.delete(KvInput.key(key), w);
        });
    }
}

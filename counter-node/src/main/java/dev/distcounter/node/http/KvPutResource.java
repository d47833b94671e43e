package dev.distcounter.node.http;

import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.Route;
import dev.distcounter.node.kv.KeyLimits;
import dev.distcounter.node.replication.KeyValueOperations;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /kv/put[?w=N]} with {@code {"key":"alpha","value":"first"}} (see {@link KvPutBody}):
 * writes the value through this node's coordinator; the replies are {@link KvWriteView}s, always
 * JSON: 200 once W replicas hold it, 400 for a bad body, key or {@code w} (1 to N), 413 for a
 * value over 1 MiB of UTF-8, 503 from the coordinator, not applied or indeterminate as it says.
 *
 * <p>Bodies of up to {@link #MAX_BODY_BYTES} (6 MiB + 64 KiB) are read, so that every put the
 * keyspace accepts fits however its JSON escapes the value ({@code \u0001} is 6 bytes for one);
 * a larger body is drained and answered 413. What such bodies hold at once is bounded by the
 * server's body budget (16 MiB beyond 64 KiB each by default): past it a put is answered 503,
 * not applied, with {@code Retry-After}.
 *
 * <p>The route {@code /kv/put} also answers {@code DELETE}: it deletes the key {@code put}, which
 * {@code DELETE /kv/{key}} cannot reach because this literal path comes first.
 */
final class KvPutResource {
    /** Six bytes of JSON per byte of value at worst, plus the key and the braces. */
    static final int MAX_BODY_BYTES = 6 * KeyLimits.MAX_VALUE_BYTES + 64 * 1024;

    private final KeyValueOperations keys;
    private final KvWrites puts;
    private final KvDeleteResource deletes;

    KvPutResource(KeyValueOperations keys, KvWrites puts, KvDeleteResource deletes) {
        this.keys = keys;
        this.puts = puts;
        this.deletes = deletes;
    }

    Route route() {
        return Route.at("/kv/put")
                .onAsync("POST", this::put)
                .onAsync("DELETE", request -> deletes.delete(request, "put"))
                .withMaxBody(MAX_BODY_BYTES)
                .withErrorViews(KvWrites.ERROR_VIEWS);
    }

    private CompletionStage<Reply> put(Request request) {
        return puts.write(request.arrivedNanos(), () -> {
            OptionalInt w = KvInput.quorum(request.query(), "w", keys.replicas());
            KvPutBody body = KvPutBody.parse(request.bodyStream());
            return keys.put(KvInput.key(body.key()), KvInput.value(body.value()), w);
        });
    }
}

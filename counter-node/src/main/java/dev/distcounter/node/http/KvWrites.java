package dev.distcounter.node.http;

import dev.distcounter.common.http.ErrorViews;
import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.node.metrics.WriteMeters;
import dev.distcounter.node.replication.WriteResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What a key-value put and delete share: the coordinator's {@link WriteResult} as the reply (200
 * when ok, 503 otherwise, the outcome as it says), refusals and failures in the same JSON shape,
 * and each write's time from its arrival to its reply recorded under its outcome.
 */
final class KvWrites {
    /**
     * The errors the server makes on a write route, in the write's shape: a 500 (the handler
     * failed) may have been applied; every other (400, 405, 413, the 503 of a server too busy for
     * the body) came before the coordinator saw the write.
     */
    static final ErrorViews ERROR_VIEWS = ErrorViews.asJson((status, error) ->
            KvWriteView.failed(error, status == 500 ? WriteOutcome.INDETERMINATE : WriteOutcome.NOT_APPLIED));

    private final WriteMeters meters;

    KvWrites(WriteMeters meters) {
        this.meters = meters;
    }

    /**
     * Starts the write unless {@code start} refuses it, and answers when the coordinator does.
     *
     * @param arrivedNanos when the request arrived (the request itself is not kept: it holds the body)
     */
    CompletionStage<Reply> write(long arrivedNanos, Supplier<CompletableFuture<WriteResult>> start) {
        CompletableFuture<WriteResult> result;
        try {
            result = start.get();
        } catch (RuntimeException e) {
            // A refusal changed nothing; anything else is answered 500: unknown.
            meters.record(
                    e instanceof RequestRefusedException ? WriteOutcome.NOT_APPLIED : WriteOutcome.INDETERMINATE,
                    System.nanoTime() - arrivedNanos);
            throw e;
        }
        return result.handle((r, failure) -> {
            meters.record(r != null ? r.outcome() : WriteOutcome.INDETERMINATE, System.nanoTime() - arrivedNanos);
            if (r == null) {
                throw failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
            }
            return Reply.json(r.ok() ? 200 : 503, KvWriteView.of(r));
        });
    }
}

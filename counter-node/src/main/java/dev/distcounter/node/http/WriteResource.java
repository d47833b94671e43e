package dev.distcounter.node.http;

import dev.distcounter.common.http.OneLine;
import dev.distcounter.common.http.QueryParameters;
import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.Route;
import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.node.crdt.CounterOverflowException;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.metrics.WriteMeters;
import dev.distcounter.node.storage.LocalUpdate;
import dev.distcounter.node.storage.StoreFailedException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * {@code GET|POST /increment[?by=N]} or {@code /decrement[?by=N]}: applies the operation and
 * answers 200 only once its log record is durable (docs/guarantees.md §3), without holding a
 * thread meanwhile. Every JSON reply, whatever its status, carries the write's
 * {@link WriteOutcome} in {@code outcome}: 200 applied; a refusal (400, 405, 413) or a 503
 * "not counted" (the log had already failed) not applied; a 503 "outcome unknown" or a 500
 * indeterminate. Each write's time, from its arrival to its reply, goes to {@link WriteMeters}
 * under that outcome.
 */
final class WriteResource {
    private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]+");

    private final CounterOperations node;
    private final boolean increment;
    private final WriteTimeoutSweeper timeouts;
    private final WriteMeters meters;

    WriteResource(CounterOperations node, boolean increment, WriteTimeoutSweeper timeouts, WriteMeters meters) {
        this.node = node;
        this.increment = increment;
        this.timeouts = timeouts;
        this.meters = meters;
    }

    /** The operation's name, as replies and meters spell it. */
    static String operation(boolean increment) {
        return increment ? "increment" : "decrement";
    }

    Route route() {
        return Route.at(increment ? "/increment" : "/decrement")
                .onAsync("GET", this::write)
                .onAsync("POST", this::write)
                .withErrorViews((status, error) -> new WriteErrorView(error, WriteOutcome.ofReply(status, null)));
    }

    private CompletionStage<Reply> write(Request request) {
        CompletionStage<Reply> reply;
        try {
            reply = apply(request);
        } catch (RuntimeException e) {
            // A refusal (bad by, overflow) changed nothing; anything else is answered 500: unknown.
            meters.record(
                    e instanceof RequestRefusedException ? WriteOutcome.NOT_APPLIED : WriteOutcome.INDETERMINATE,
                    System.nanoTime() - request.arrivedNanos());
            throw e;
        }
        return reply.whenComplete((r, failure) -> meters.record(
                failure == null ? outcome(r) : WriteOutcome.INDETERMINATE, System.nanoTime() - request.arrivedNanos()));
    }

    /** What a reply of this resource says about its write: the {@code outcome} its JSON carries. */
    private static WriteOutcome outcome(Reply reply) {
        return WriteOutcome.ofReply(
                reply.status(), reply.view() instanceof WriteErrorView error ? error.outcome() : null);
    }

    /**
     * The {@code by} parameter: 1 when absent, at most {@link PNCounter#MAX_AMOUNT}. A whole number
     * above it gets a reason of its own, so a client that tries to add 2^63-1 learns why.
     */
    static long amount(QueryParameters query) {
        String text = query.text("by");
        if (text != null
                && DIGITS.matcher(text).matches()
                && new BigInteger(text).compareTo(BigInteger.valueOf(PNCounter.MAX_AMOUNT)) > 0) {
            throw RequestRefusedException.badRequest("bad 'by' parameter \"" + OneLine.quote(text) + "\": more than "
                    + PNCounter.MAX_AMOUNT + " (2^53), the most one request may add or subtract");
        }
        return query.wholeNumber("by", 1, PNCounter.MAX_AMOUNT, 1);
    }

    private CompletionStage<Reply> apply(Request request) {
        long by = amount(request.query());
        LocalUpdate update;
        try {
            update = node.add(increment ? by : -by);
        } catch (CounterOverflowException e) {
            throw RequestRefusedException.badRequest(e.getMessage());
        } catch (StoreFailedException e) {
            String reason = "not counted: " + e.getMessage();
            return CompletableFuture.completedFuture(
                    Reply.of(503, reason, new WriteErrorView(reason, WriteOutcome.NOT_APPLIED)));
        }
        PNCounter state = update.state();
        CompletableFuture<Reply> reply =
                update.durable().thenApply(durable -> written(state, by)).exceptionally(WriteResource::logFailed);
        timeouts.track(reply);
        return reply;
    }

    private Reply written(PNCounter state, long by) {
        String operation = operation(increment);
        return Reply.ok(
                "Counter " + operation + "ed to " + state.value() + " (version " + state.version() + ")",
                new WriteView(
                        state.value(),
                        state.version(),
                        node.address().toString(),
                        operation,
                        by,
                        WriteOutcome.APPLIED.json()));
    }

    private static Reply logFailed(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return outcomeUnknown("outcome unknown: the write-ahead log failed (" + cause.getMessage()
                + "); the operation may or may not be counted");
    }

    /** The reply to a write the log did not confirm within {@code writeTimeout}. */
    static Reply timedOut(Duration writeTimeout) {
        return outcomeUnknown("outcome unknown: the write-ahead log did not confirm within " + writeTimeout.toMillis()
                + " ms; the operation may or may not be counted");
    }

    private static Reply outcomeUnknown(String reason) {
        return Reply.of(503, reason, new WriteErrorView(reason, WriteOutcome.INDETERMINATE));
    }
}

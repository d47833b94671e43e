package dev.distcounter.node.http;

import dev.distcounter.common.http.QueryParameters;
import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.Route;
import dev.distcounter.node.crdt.PNCounter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET|HEAD /counter}: the value and version this node holds, and in JSON the digest of its
 * full state ({@link dev.distcounter.node.crdt.StateDigest}), which is what tells two nodes'
 * states apart when their value and version are the same. With {@code ?atLeast=V} it answers once
 * this node holds version V, or after {@code wait} (default 5 s, at most 30 s) with whatever it
 * holds; the version in the answer tells which. A client that wrote version V on one node can read
 * its own write on any other this way.
 */
final class CounterResource {
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final CounterOperations node;
    private final ScheduledExecutorService timers;

    CounterResource(CounterOperations node, ScheduledExecutorService timers) {
        this.node = node;
        this.timers = timers;
    }

    Route route() {
        return Route.at("/counter").onAsync("GET", this::read).withHead();
    }

    private CompletionStage<Reply> read(Request request) {
        QueryParameters query = request.query();
        if (!query.has("atLeast") && !query.has("wait")) {
            return CompletableFuture.completedFuture(reply(node.current(), request.wantsJson()));
        }
        long atLeast = query.wholeNumber("atLeast", 0, Long.MAX_VALUE, 0);
        Duration wait = query.duration("wait", Duration.ZERO, MAX_WAIT, DEFAULT_WAIT);
        CompletableFuture<PNCounter> reached = node.awaitVersion(atLeast);
        if (!reached.isDone()) {
            // Left to run out even when the version comes first: completing twice changes nothing.
            var unused =
                    timers.schedule(() -> reached.complete(node.current()), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        boolean json = request.wantsJson();
        return reached.thenApply(state -> reply(state, json));
    }

    /** The digest hashes every entry: only a client that reads the JSON, where it is, pays for it. */
    private Reply reply(PNCounter state, boolean json) {
        String text = "Counter: " + state.value() + " (version " + state.version() + ")";
        if (!json) {
            return Reply.text(200, text);
        }
        return Reply.ok(
                text,
                new CounterView(state.value(), state.version(), node.address().toString(), state.digest()));
    }
}

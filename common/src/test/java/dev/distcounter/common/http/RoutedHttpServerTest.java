package dev.distcounter.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Guarantees: docs/guarantees.md §6. */
class RoutedHttpServerTest {
    /** What the observer heard of one request. */
    record Observed(String route, String method, int status, long nanos) {}

    final List<Observed> observed = new CopyOnWriteArrayList<>();
    final CompletableFuture<Reply> later = new CompletableFuture<>();
    final AtomicBoolean laterAsked = new AtomicBoolean();
    RoutedHttpServer server;
    LoopbackClient client;

    void start(Routes routes) throws Exception {
        server = RoutedHttpServer.start(
                new ServerSettings("127.0.0.1", 0, 2, "test-http", "test", Duration.ofSeconds(2)),
                routes,
                (route, method, status, nanos) -> observed.add(new Observed(route, method, status, nanos)));
        client = new LoopbackClient(server.port());
    }

    void startExample() throws Exception {
        start(Routes.answeringUnknownPaths(path -> "no such endpoint: " + path + " (try /thing)")
                .with(Route.at("/thing")
                        .on("GET", request -> Reply.ok("thing", new ErrorView("not an error")))
                        .withHead())
                .with(Route.at("/write")
                        .on("POST", request -> Reply.ok("written " + request.body().length, null))
                        .on("GET", request -> Reply.ok("read", null)))
                .with(Route.at("/kv/get/{key}")
                        .on("GET", request -> Reply.ok("key [" + request.pathParameter("key") + "]", null)))
                .with(Route.at("/broken").on("GET", request -> {
                    throw new IllegalStateException("handler bug");
                }))
                .with(Route.at("/later").onAsync("GET", request -> {
                    laterAsked.set(true);
                    return later;
                }))
                .with(Route.at("/refused").on("GET", request -> {
                    throw RequestRefusedException.badRequest("no, because\nof this");
                })));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anUnknownPathIs404WithTheApplicationsReason() throws Exception {
        startExample();
        HttpResponse<String> r = client.get("/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("no such endpoint: /nope (try /thing)\n");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(client.get("/thing/").statusCode())
                .as("a trailing slash is another path")
                .isEqualTo(404);
    }

    @Test
    void aWrongMethodIs405WithTheAllowedMethodsSorted() throws Exception {
        startExample();
        HttpResponse<String> r = client.send("DELETE", "/write", null, null);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.body()).isEqualTo("method DELETE not allowed on /write; use GET, POST\n");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, POST");
        HttpResponse<String> json = client.send("PUT", "/thing", "application/json", "x");
        assertThat(json.body()).isEqualTo("{\"error\":\"method not allowed\"}");
        assertThat(json.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void headIsAnsweredLikeGetWithoutABodyWhereTheRouteAllowsIt() throws Exception {
        startExample();
        HttpResponse<String> head = client.send("HEAD", "/thing", null, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        HttpResponse<String> notAllowed = client.send("HEAD", "/write", null, null);
        assertThat(notAllowed.statusCode()).isEqualTo(405);
        assertThat(notAllowed.body()).isEmpty();
    }

    @Test
    void textByDefaultJsonWhenAskedFor() throws Exception {
        startExample();
        assertThat(client.get("/thing").body()).isEqualTo("thing\n");
        HttpResponse<String> json = client.send("GET", "/thing", "text/html, application/json;q=0.9", null);
        assertThat(json.body()).isEqualTo("{\"error\":\"not an error\"}");
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(client.send("GET", "/nope", "application/json", null).body())
                .isEqualTo("{\"error\":\"no such endpoint: /nope (try /thing)\"}");
    }

    @Test
    void aReplyWithoutTextIsJsonAndOneWithoutViewIsText() throws Exception {
        start(Routes.answeringUnknownPaths(path -> "none")
                .with(Route.at("/json").on("GET", request -> Reply.json(200, List.of(1, 2))))
                .with(Route.at("/text").on("GET", request -> Reply.text(200, "OK"))));
        HttpResponse<String> json = client.get("/json");
        assertThat(json.body()).isEqualTo("[1,2]");
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(client.send("GET", "/text", "application/json", null).body()).isEqualTo("OK\n");
    }

    @Test
    void aRouteWithJsonOnlyErrorViewsAnswersItsErrorsInJsonWhateverTheClientAccepts() throws Exception {
        ErrorViews views = ErrorViews.asJson((status, error) -> new ErrorView(status + " " + error));
        start(Routes.answeringUnknownPaths(path -> "none")
                .with(Route.at("/json")
                        .on("POST", request -> {
                            throw RequestRefusedException.badRequest("bad input");
                        })
                        .withErrorViews(views)));
        HttpResponse<String> refused = client.send("POST", "/json", "text/plain", "x");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"error\":\"400 bad input\"}");
        HttpResponse<String> notAllowed = client.send("GET", "/json", null, null);
        assertThat(notAllowed.statusCode()).isEqualTo(405);
        assertThat(notAllowed.body()).isEqualTo("{\"error\":\"405 method not allowed\"}");
        assertThat(notAllowed.headers().firstValue("Allow")).hasValue("POST");
        assertThat(notAllowed.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void pathTemplatesPassTheDecodedSegment() throws Exception {
        startExample();
        assertThat(client.get("/kv/get/a%20b+c%2Fd").body()).isEqualTo("key [a b+c/d]\n");
        assertThat(client.get("/kv/get/").statusCode()).isEqualTo(404);
        assertThat(client.get("/kv/get/a/b").statusCode()).isEqualTo(404);
    }

    @Test
    void aRefusalIsItsStatusWithAOneLineReason() throws Exception {
        startExample();
        HttpResponse<String> r = client.get("/refused");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("no, because of this\n");
    }

    @Test
    void aFailingHandlerIs500LoggedWithTheRequestLineAndTheServerGoesOn() throws Exception {
        startExample();
        Logger dispatcherLog = (Logger) LoggerFactory.getLogger(Dispatcher.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        dispatcherLog.addAppender(captured);
        dispatcherLog.setAdditive(false);
        try {
            HttpResponse<String> r = client.get("/broken?x=1");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).isEqualTo("internal error: handler bug\n");
            assertThat(client.get("/thing").statusCode()).isEqualTo(200);
        } finally {
            dispatcherLog.detachAppender(captured);
            dispatcherLog.setAdditive(true);
        }
        assertThat(captured.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("test: GET /broken?x=1 failed");
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("handler bug");
        });
    }

    @Test
    void theInternalErrorReasonIsTheApplications() throws Exception {
        start(Routes.answeringUnknownPaths(path -> "none")
                .withInternalErrorReason(failure -> "internal error")
                .with(Route.at("/broken").on("GET", request -> {
                    throw new IllegalStateException("expected by the test");
                })));
        Logger dispatcherLog = (Logger) LoggerFactory.getLogger(Dispatcher.class);
        dispatcherLog.setLevel(Level.OFF);
        try {
            assertThat(client.get("/broken").body()).isEqualTo("internal error\n");
        } finally {
            dispatcherLog.setLevel(null);
        }
    }

    @Test
    void anAsyncReplyIsSentWhenItCompletes() throws Exception {
        startExample();
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync("GET", "/later");
        await().untilTrue(laterAsked);
        assertThat(pending).as("no answer before the handler's stage completes").isNotDone();
        assertThat(client.get("/thing").statusCode())
                .as("a pending reply holds no thread")
                .isEqualTo(200);
        later.complete(Reply.ok("at last", null));
        assertThat(pending.get().body()).isEqualTo("at last\n");
    }

    @Test
    void anAsyncFailureIs500AndAnAsyncRefusalItsStatus() throws Exception {
        startExample();
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync("GET", "/later");
        await().untilTrue(laterAsked);
        later.completeExceptionally(new RequestRefusedException(409, "too late"));
        HttpResponse<String> r = pending.get();
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).isEqualTo("too late\n");
    }

    @Test
    void errorViewsOfARouteShapeItsJsonErrors() throws Exception {
        start(Routes.answeringUnknownPaths(path -> "none")
                .with(Route.at("/w")
                        .on("POST", request -> {
                            throw RequestRefusedException.badRequest("bad");
                        })
                        .withErrorViews((status, error) -> List.of(status, error))));
        assertThat(client.send("POST", "/w", "application/json", null).body()).isEqualTo("[400,\"bad\"]");
        assertThat(client.send("GET", "/w", "application/json", null).body()).isEqualTo("[405,\"method not allowed\"]");
        assertThat(client.send("POST", "/w", "application/json", "x".repeat(70_000))
                        .body())
                .isEqualTo("[413,\"request body larger than 65536 bytes\"]");
    }

    @Test
    void aGuardRefusesBeforeTheMethodIsChecked() throws Exception {
        start(Routes.answeringUnknownPaths(path -> "none")
                .with(Route.at("/admin")
                        .on("GET", request -> Reply.ok("admin", null))
                        .guardedBy(request -> {
                            if (request.header("X-Token") == null) {
                                throw new RequestRefusedException(401, "needs a token");
                            }
                        })));
        HttpResponse<String> r = client.send("DELETE", "/admin", null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("needs a token\n");
    }

    @Test
    void theObserverHearsOfEveryAnsweredRequestByRouteTemplate() throws Exception {
        startExample();
        client.get("/kv/get/a");
        client.get("/nope");
        client.send("DELETE", "/thing", null, null);
        client.send("HEAD", "/thing", null, null);
        client.send("BREW", "/thing", null, null);
        await().until(() -> observed.size() == 5);
        assertThat(observed)
                .extracting(Observed::route, Observed::method, Observed::status)
                .as("the observer runs after the reply is sent, so not necessarily in request order")
                .containsExactlyInAnyOrder(
                        tuple("/kv/get/{key}", "GET", 200),
                        tuple(RequestObserver.UNMATCHED, "GET", 404),
                        tuple("/thing", "DELETE", 405),
                        tuple("/thing", "HEAD", 200),
                        tuple("/thing", RequestObserver.OTHER_METHOD, 405));
        assertThat(observed).allSatisfy(o -> assertThat(o.nanos()).isPositive());
    }

    @Test
    void aHandlerKnowsWhenItsRequestArrived() throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        List<Long> handled = new CopyOnWriteArrayList<>();
        start(Routes.answeringUnknownPaths(path -> "none")
                .with(Route.at("/when").on("GET", request -> {
                    arrivals.add(request.arrivedNanos());
                    handled.add(System.nanoTime());
                    return Reply.ok("now", null);
                })));
        long sent = System.nanoTime();
        client.get("/when");
        assertThat(arrivals.get(0)).isBetween(sent, handled.get(0));
    }

    @Test
    void closeLetsARequestInFlightFinish() throws Exception {
        startExample();
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync("GET", "/later");
        await().untilTrue(laterAsked);
        Thread closer = new Thread(server::close, "closer");
        closer.start();
        // close() sleeps while it waits for the request in flight
        await().until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        later.complete(Reply.ok("finished", null));
        assertThat(pending.get().body()).isEqualTo("finished\n");
        closer.join();
    }
}

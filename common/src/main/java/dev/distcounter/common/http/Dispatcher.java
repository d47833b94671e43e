package dev.distcounter.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request of a {@link RoutedHttpServer}: on the reader thread, finds the route
 * (404), lets its guard refuse, checks the method (405 with {@code Allow}) and reads the body
 * (413, or 503 when the body budget cannot hold it); then, holding one of the
 * {@code --http-threads} permits, runs the handler and sends its reply, now or (on a worker)
 * when it completes, and only then gives back what the body took of the budget. Nothing a client sends escapes as an exception: a
 * refusal is answered with its 4xx, a handler's failure with a 500 that is logged, and the
 * server keeps serving.
 */
final class Dispatcher implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** One request on its way to its reply. */
    private record Call(HttpExchange exchange, String route, ErrorViews errorViews, long startedNanos) {}

    /** A request read: either its handler is to run, or its answer is already known (a refusal). */
    private record Prepared(Call call, Request request, RequestHandler handler, Reply answer) {
        static Prepared answer(Call call, Reply answer) {
            return new Prepared(call, null, null, answer);
        }
    }

    private final String logName;
    private final Routes routes;
    private final RequestObserver observer;
    private final Executor pool;
    private final InFlightRequests inFlight;
    private final RequestReaders readers;
    private final Semaphore handlers;
    private final BodyBudget bodies;

    Dispatcher(
            String logName,
            Routes routes,
            RequestObserver observer,
            Executor pool,
            InFlightRequests inFlight,
            RequestReaders readers,
            int handlerThreads,
            BodyBudget bodies) {
        this.logName = logName;
        this.routes = routes;
        this.observer = observer;
        this.pool = pool;
        this.inFlight = inFlight;
        this.readers = readers;
        this.handlers = new Semaphore(handlerThreads);
        this.bodies = bodies;
    }

    @Override
    public void handle(HttpExchange exchange) {
        // On a reader thread (RequestReaders): the headers are here; read the body, then answer,
        // so a handler never waits for a slow client.
        long started = System.nanoTime();
        RequestReaders.headersArrived();
        inFlight.enter();
        Prepared prepared;
        try {
            prepared = prepare(exchange, started);
        } catch (IOException e) {
            readers.requestRead();
            log.debug(
                    "{}: could not read {} {}: {}", logName, exchange.getRequestMethod(), path(exchange), e.toString());
            exchange.close();
            inFlight.exit();
            return;
        }
        readers.requestRead();
        // The request is read: run its handler on this thread, at most --http-threads at once.
        // Handing it to a worker instead cost a thread switch per request (a third of /counter's
        // rate, measured with wrk); a permit bounds the handlers the same way without one.
        handlers.acquireUninterruptibly();
        try {
            complete(prepared);
        } finally {
            handlers.release();
        }
    }

    /** Everything a reader does: finds the route, lets its guard refuse, checks the method, reads the body. */
    private Prepared prepare(HttpExchange exchange, long started) throws IOException {
        Call call = new Call(exchange, RequestObserver.UNMATCHED, ErrorViews.PLAIN, started);
        try {
            Optional<Routes.Match> match = routes.find(exchange.getRequestURI().getRawPath());
            if (match.isEmpty()) {
                return Prepared.answer(
                        call, refusal(call, new RequestRefusedException(404, routes.notFoundReason(path(exchange)))));
            }
            Route route = match.get().route();
            call = new Call(exchange, route.path().toString(), route.errorViews(), started);
            Request request = new Request(exchange, match.get().parameters(), started);
            route.guard().check(request);
            String method = exchange.getRequestMethod();
            RequestHandler handler = route.handler(method);
            if (handler == null) {
                String allow = route.allow();
                String text = route.errorViews().onlyJson()
                        ? null
                        : OneLine.of("method " + method + " not allowed on " + path(exchange) + "; use " + allow);
                return Prepared.answer(
                        call,
                        new Reply(
                                405, text, route.errorViews().view(405, "method not allowed"), Map.of("Allow", allow)));
            }
            request.readBody(route.maxBody(), bodies);
            return new Prepared(call, request, handler, null);
        } catch (RuntimeException e) {
            return Prepared.answer(call, failure(call, e));
        }
    }

    /**
     * On a worker: runs the handler and answers, now or when its reply completes; then gives back
     * what the body took of the budget (it stands for what the handler made of the body meanwhile).
     */
    private void complete(Prepared prepared) {
        Call call = prepared.call();
        BodyBudget.Taken taken = prepared.request() == null
                ? BodyBudget.Taken.NOTHING
                : prepared.request().taken();
        CompletionStage<Reply> reply;
        if (prepared.handler() == null) {
            reply = CompletableFuture.completedFuture(prepared.answer());
        } else {
            try {
                reply = prepared.handler().handle(prepared.request());
            } catch (RuntimeException e) {
                reply = CompletableFuture.completedFuture(failure(call, e));
            }
        }
        CompletableFuture<Reply> future = reply.toCompletableFuture();
        if (future.isDone()) {
            answer(
                    call,
                    future.handle((r, e) -> r != null ? r : failure(call, e)).join(),
                    taken);
        } else {
            // Nothing waits for this stage: answer() handles every outcome, and logs what fails.
            CompletableFuture<Reply> unused =
                    future.whenCompleteAsync((r, e) -> answer(call, r != null ? r : failure(call, e), taken), pool);
        }
    }

    /** The reply to a handler's exception (thrown, or as its stage's failure). */
    private Reply failure(Call call, Throwable thrown) {
        Throwable cause =
                thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (cause instanceof RequestRefusedException refused) {
            return refusal(call, refused);
        }
        log.warn(
                "{}: {} {} failed: {}",
                logName,
                call.exchange().getRequestMethod(),
                call.exchange().getRequestURI(),
                cause.toString(),
                cause);
        return error(call, 500, OneLine.of(routes.internalErrorReason(cause)));
    }

    private Reply refusal(Call call, RequestRefusedException refused) {
        String reason = OneLine.of(refused.reason());
        log.debug(
                "{}: {} {} -> {} {}",
                logName,
                call.exchange().getRequestMethod(),
                call.exchange().getRequestURI(),
                refused.status(),
                reason);
        return error(call, refused.status(), reason).withHeaders(refused.headers());
    }

    /** An error reply made here: text unless the client asks for JSON, or JSON only when the route says so. */
    private static Reply error(Call call, int status, String reason) {
        Object view = call.errorViews().view(status, reason);
        return call.errorViews().onlyJson() ? Reply.json(status, view) : Reply.of(status, reason, view);
    }

    private void answer(Call call, Reply reply, BodyBudget.Taken taken) {
        HttpExchange exchange = call.exchange();
        int status = reply.status();
        try (exchange) {
            Representation body;
            try {
                body = Representation.of(reply, exchange.getRequestHeaders().getFirst("Accept"));
            } catch (JsonProcessingException | RuntimeException e) {
                Reply failed = failure(call, e);
                status = failed.status();
                body = Representation.of(failed, exchange.getRequestHeaders().getFirst("Accept"));
            }
            send(exchange, status, reply.headers(), body);
        } catch (IOException e) {
            log.debug(
                    "{}: could not answer {} {}: {}",
                    logName,
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    e.toString());
        } finally {
            taken.giveBack();
            inFlight.exit();
            observe(call, status);
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, Representation body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", body.contentType());
        headers.forEach(exchange.getResponseHeaders()::set);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.bytes().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body.bytes());
        }
    }

    private void observe(Call call, int status) {
        try {
            observer.answered(
                    call.route(),
                    RequestObserver.methodName(call.exchange().getRequestMethod()),
                    status,
                    System.nanoTime() - call.startedNanos());
        } catch (RuntimeException e) {
            log.warn("{}: request observer failed: {}", logName, e.toString(), e);
        }
    }

    private static String path(HttpExchange exchange) {
        return exchange.getRequestURI().getPath();
    }
}

package dev.distcounter.common.http;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * One path and what answers it: a handler per method, optionally HEAD answered by the GET
 * handler (the server drops the body), a guard checked before the method, and the JSON view of
 * the error replies the server makes for it. Immutable: each {@code on}/{@code with} returns a
 * new route.
 */
public final class Route {
    private final PathTemplate path;
    private final Map<String, RequestHandler> handlers;
    private final boolean headLikeGet;
    private final RequestGuard guard;
    private final ErrorViews errorViews;

    private Route(
            PathTemplate path,
            Map<String, RequestHandler> handlers,
            boolean headLikeGet,
            RequestGuard guard,
            ErrorViews errorViews) {
        this.path = path;
        this.handlers = handlers;
        this.headLikeGet = headLikeGet;
        this.guard = guard;
        this.errorViews = errorViews;
    }

    /** A route for {@code template} (see {@link PathTemplate}) that answers no method yet. */
    public static Route at(String template) {
        return new Route(PathTemplate.of(template), Map.of(), false, RequestGuard.NONE, ErrorViews.PLAIN);
    }

    /** Answers {@code method} at once. */
    public Route on(String method, ImmediateHandler handler) {
        return onAsync(method, request -> CompletableFuture.completedFuture(handler.handle(request)));
    }

    /** Answers {@code method} when the handler's stage completes. */
    public Route onAsync(String method, RequestHandler handler) {
        String name = method.toUpperCase(Locale.ROOT);
        if (!name.equals(method) || name.equals("HEAD") || handlers.containsKey(name)) {
            throw new IllegalArgumentException(
                    path + ": " + method + " is not an upper-case method other than HEAD, or is already routed");
        }
        Map<String, RequestHandler> more = new TreeMap<>(handlers);
        more.put(name, handler);
        return new Route(path, Map.copyOf(more), headLikeGet, guard, errorViews);
    }

    /** Also answers HEAD, with the GET handler's status and headers and no body. */
    public Route withHead() {
        if (!handlers.containsKey("GET")) {
            throw new IllegalStateException(path + ": HEAD is answered like GET, so GET needs a handler first");
        }
        return new Route(path, handlers, true, guard, errorViews);
    }

    /** Checks every request with {@code guard} before its method. */
    public Route guardedBy(RequestGuard guard) {
        return new Route(path, handlers, headLikeGet, guard, errorViews);
    }

    /** Uses {@code views} for the JSON of the error replies the server makes on this route. */
    public Route withErrorViews(ErrorViews views) {
        return new Route(path, handlers, headLikeGet, guard, views);
    }

    public PathTemplate path() {
        return path;
    }

    RequestGuard guard() {
        return guard;
    }

    ErrorViews errorViews() {
        return errorViews;
    }

    /** The handler for {@code method}, or null when the route does not allow it. */
    RequestHandler handler(String method) {
        return handlers.get(headLikeGet && method.equals("HEAD") ? "GET" : method);
    }

    /** The methods allowed, sorted and joined by ", ": the {@code Allow} header of a 405. */
    String allow() {
        Set<String> methods = new TreeSet<>(handlers.keySet());
        if (headLikeGet) {
            methods.add("HEAD");
        }
        return String.join(", ", methods);
    }
}

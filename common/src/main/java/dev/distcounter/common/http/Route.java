package dev.distcounter.common.http;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * One path and what answers it: a handler per method, optionally HEAD answered by the GET
 * handler (the server drops the body), a guard checked before the method, the largest body it
 * reads ({@link RequestBodyReader#MAX_BODY_BYTES} unless set) and the JSON view of the error
 * replies the server makes for it. Immutable: each {@code on}/{@code with} returns a new route.
 */
public final class Route {
    /** The largest limit a route may set: a body is one array. */
    private static final int MAX_LIMIT = 1 << 30;

    private final PathTemplate path;
    private final Map<String, RequestHandler> handlers;
    private final boolean headLikeGet;
    private final RequestGuard guard;
    private final ErrorViews errorViews;
    private final int maxBody;

    private Route(
            PathTemplate path,
            Map<String, RequestHandler> handlers,
            boolean headLikeGet,
            RequestGuard guard,
            ErrorViews errorViews,
            int maxBody) {
        this.path = path;
        this.handlers = handlers;
        this.headLikeGet = headLikeGet;
        this.guard = guard;
        this.errorViews = errorViews;
        this.maxBody = maxBody;
    }

    /** A route for {@code template} (see {@link PathTemplate}) that answers no method yet. */
    public static Route at(String template) {
        return new Route(
                PathTemplate.of(template),
                Map.of(),
                false,
                RequestGuard.NONE,
                ErrorViews.PLAIN,
                RequestBodyReader.MAX_BODY_BYTES);
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
        return new Route(path, Map.copyOf(more), headLikeGet, guard, errorViews, maxBody);
    }

    /** Also answers HEAD, with the GET handler's status and headers and no body. */
    public Route withHead() {
        if (!handlers.containsKey("GET")) {
            throw new IllegalStateException(path + ": HEAD is answered like GET, so GET needs a handler first");
        }
        return new Route(path, handlers, true, guard, errorViews, maxBody);
    }

    /** Checks every request with {@code guard} before its method. */
    public Route guardedBy(RequestGuard guard) {
        return new Route(path, handlers, headLikeGet, guard, errorViews, maxBody);
    }

    /** Uses {@code views} for the JSON of the error replies the server makes on this route. */
    public Route withErrorViews(ErrorViews views) {
        return new Route(path, handlers, headLikeGet, guard, views, maxBody);
    }

    /**
     * Reads bodies of up to {@code bytes} instead of {@link RequestBodyReader#MAX_BODY_BYTES};
     * a larger one is answered 413. What a body holds beyond the default limit comes from the
     * server's budget ({@link ServerSettings#bodyBudget()}), which must be able to hold one
     * such body.
     */
    public Route withMaxBody(int bytes) {
        if (bytes < 0 || bytes > MAX_LIMIT) {
            throw new IllegalArgumentException(
                    path + ": a body limit is from 0 to " + MAX_LIMIT + " bytes, not " + bytes);
        }
        return new Route(path, handlers, headLikeGet, guard, errorViews, bytes);
    }

    public PathTemplate path() {
        return path;
    }

    /** The largest body this route reads. */
    int maxBody() {
        return maxBody;
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

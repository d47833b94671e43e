package dev.distcounter.common.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An application's routes, and how it words the two replies no route makes: the 404 for a path
 * no route matches, and the 500 for a handler that failed. A path is served by the first route,
 * in the order given, whose template matches it.
 */
public final class Routes {
    /** A route that matched a path, with the values of the template's parameters. */
    record Match(Route route, Map<String, String> parameters) {}

    private final List<Route> routes;
    private final Function<String, String> notFoundReason;
    private final Function<Throwable, String> internalErrorReason;

    private Routes(
            List<Route> routes,
            Function<String, String> notFoundReason,
            Function<Throwable, String> internalErrorReason) {
        this.routes = routes;
        this.notFoundReason = notFoundReason;
        this.internalErrorReason = internalErrorReason;
    }

    /**
     * No routes yet; a path none matches is answered 404 with {@code notFoundReason(path)}, a
     * failed handler 500 with {@code "internal error: <message>"}.
     */
    public static Routes answeringUnknownPaths(Function<String, String> notFoundReason) {
        return new Routes(List.of(), notFoundReason, failure -> "internal error: " + failure.getMessage());
    }

    /** These routes and {@code route}, whose template must differ from theirs. */
    public Routes with(Route route) {
        for (Route existing : routes) {
            if (existing.path().toString().equals(route.path().toString())) {
                throw new IllegalArgumentException("two routes for " + route.path());
            }
        }
        List<Route> more = new ArrayList<>(routes);
        more.add(route);
        return new Routes(List.copyOf(more), notFoundReason, internalErrorReason);
    }

    /** These routes, with a failed handler answered 500 with {@code reason(failure)}. */
    public Routes withInternalErrorReason(Function<Throwable, String> reason) {
        return new Routes(routes, notFoundReason, reason);
    }

    Optional<Match> find(String rawPath) {
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = route.path().match(rawPath);
            if (parameters.isPresent()) {
                return Optional.of(new Match(route, parameters.get()));
            }
        }
        return Optional.empty();
    }

    /** The route with the largest body limit, or empty when there are no routes. */
    Optional<Route> largestBody() {
        return routes.stream().max(Comparator.comparingInt(Route::maxBody));
    }

    String notFoundReason(String path) {
        return notFoundReason.apply(path);
    }

    String internalErrorReason(Throwable failure) {
        return internalErrorReason.apply(failure);
    }
}

package dev.distcounter.common.http;

/**
 * Told of every answered request, for metrics. Called on a server thread once the reply is sent;
 * it must be quick and must not throw.
 */
@FunctionalInterface
public interface RequestObserver {
    /** The route name of a request that matched no route. */
    String UNMATCHED = "unmatched";

    RequestObserver NONE = (route, method, status, nanos) -> {};

    /**
     * One request was answered.
     *
     * @param route  the matched route's template, e.g. {@code /counter} or {@code /kv/get/{key}};
     *               {@link #UNMATCHED} when none matched
     * @param method the request method
     * @param status the status answered
     * @param nanos  from the request's arrival until its reply was sent
     */
    void answered(String route, String method, int status, long nanos);
}

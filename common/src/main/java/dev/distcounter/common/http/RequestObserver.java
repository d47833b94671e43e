package dev.distcounter.common.http;

/**
 * Told of every answered request, for metrics. Called on a server thread once the reply is sent;
 * it must be quick and must not throw.
 */
@FunctionalInterface
public interface RequestObserver {
    /** The route name of a request that matched no route. */
    String UNMATCHED = "unmatched";

    /** The method name of a request whose method is none of the standard ones. */
    String OTHER_METHOD = "OTHER";

    RequestObserver NONE = (route, method, status, nanos) -> {};

    /**
     * {@code method} if it is a standard HTTP method, otherwise {@link #OTHER_METHOD}: a client
     * may send any token as its method, and an observer that keeps a meter per method must not
     * let clients create meters at will.
     */
    static String methodName(String method) {
        return switch (method) {
            case "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT" -> method;
            default -> OTHER_METHOD;
        };
    }

    /**
     * One request was answered.
     *
     * @param route  the matched route's template, e.g. {@code /counter} or {@code /kv/get/{key}};
     *               {@link #UNMATCHED} when none matched
     * @param method the request method, or {@link #OTHER_METHOD} for one that is not standard
     * @param status the status answered
     * @param nanos  from the request's arrival until its reply was sent
     */
    void answered(String route, String method, int status, long nanos);
}

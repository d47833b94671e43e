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

    /** {@link #refused} reason: the request's headers did not arrive within the read timeout. */
    String HEADERS_TIMEOUT = "headers_timeout";

    /** {@link #refused} reason: the request's body did not arrive within the read timeout. */
    String BODY_TIMEOUT = "body_timeout";

    /** {@link #refused} reason: every reader thread was busy, the connection was closed unread. */
    String READERS_BUSY = "readers_busy";

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

    /**
     * A request was cut off before it could be answered: its connection was closed. Called on a
     * server thread; quick, must not throw.
     *
     * @param reason {@link #HEADERS_TIMEOUT}, {@link #BODY_TIMEOUT} or {@link #READERS_BUSY}
     */
    default void refused(String reason) {}
}

package dev.distcounter.common.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * What a handler reads of a request: its method, path, path and query parameters, headers,
 * where it came from and its body (already read, at most 64 KiB).
 */
public final class Request {
    private final HttpExchange exchange;
    private final Map<String, String> pathParameters;
    private final long arrivedNanos;
    private byte[] body = new byte[0];
    private QueryParameters query;

    Request(HttpExchange exchange, Map<String, String> pathParameters, long arrivedNanos) {
        this.exchange = exchange;
        this.pathParameters = pathParameters;
        this.arrivedNanos = arrivedNanos;
    }

    /** Reads the body; the server does it once the route and method are known to accept the request. */
    void readBody() throws IOException {
        body = RequestBodyReader.read(exchange.getRequestBody());
    }

    /** {@code GET}, {@code POST}, ...; a HEAD request reaches the GET handler as {@code HEAD}. */
    public String method() {
        return exchange.getRequestMethod();
    }

    /**
     * When the server took the request, on the {@link System#nanoTime()} clock: a handler that
     * times its work from here includes the routing and the body read, as a client sees it.
     */
    public long arrivedNanos() {
        return arrivedNanos;
    }

    /** The decoded path, e.g. {@code /counter}. */
    public String path() {
        return exchange.getRequestURI().getPath();
    }

    /** The URL-decoded value of a {@code {name}} segment of the route's template. */
    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route's template has no {" + name + "} segment");
        }
        return value;
    }

    /** The query parameters, parsed on first use. */
    public QueryParameters query() {
        if (query == null) {
            query = QueryParameters.parse(exchange.getRequestURI().getRawQuery());
        }
        return query;
    }

    /** The first value of a request header, or null. */
    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /**
     * Whether the client accepts {@code application/json}, so a reply with both forms is sent as
     * JSON: lets a handler skip building a view that costs something when only the text is sent.
     */
    public boolean wantsJson() {
        return Representation.asksForJson(header("Accept"));
    }

    /** Whether the client connected from a loopback address. */
    public boolean fromLoopback() {
        InetSocketAddress remote = exchange.getRemoteAddress();
        return remote != null
                && remote.getAddress() != null
                && remote.getAddress().isLoopbackAddress();
    }

    /** Where the request came from, {@code 127.0.0.1:53412}, for log lines. */
    public String remoteAddress() {
        InetSocketAddress remote = exchange.getRemoteAddress();
        return remote == null ? "unknown" : remote.getHostString() + ":" + remote.getPort();
    }

    /** The body; empty when none was sent. */
    public byte[] body() {
        return body.clone();
    }
}

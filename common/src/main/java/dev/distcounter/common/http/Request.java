package dev.distcounter.common.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;

/**
 * What a handler reads of a request: its method, path, path and query parameters, headers,
 * where it came from and its body (already read, at most its route's limit: 64 KiB unless the
 * route sets another).
 */
public final class Request {
    private final HttpExchange exchange;
    private final Map<String, String> pathParameters;
    private final long arrivedNanos;
    private byte[] body = new byte[0];
    private int bodyLength;
    private BodyBudget.Taken taken = BodyBudget.Taken.NOTHING;
    private QueryParameters query;

    Request(HttpExchange exchange, Map<String, String> pathParameters, long arrivedNanos) {
        this.exchange = exchange;
        this.pathParameters = pathParameters;
        this.arrivedNanos = arrivedNanos;
    }

    /**
     * Reads the body, of at most {@code limit} bytes, its part beyond the default limit taken from
     * {@code budget}; the server does it once the route and method are known to accept the request.
     */
    void readBody(int limit, BodyBudget budget) throws IOException {
        RequestBodyReader.Body read =
                RequestBodyReader.read(exchange.getRequestBody(), declaredLength(), limit, budget);
        body = read.buffer;
        bodyLength = read.length;
        taken = read.taken;
    }

    /** What the body holds of the server's budget, given back once the reply is sent. */
    BodyBudget.Taken taken() {
        return taken;
    }

    /** {@code Content-Length}, or -1 when the body is chunked or its length is not given. */
    private long declaredLength() {
        if (exchange.getRequestHeaders().containsKey("Transfer-Encoding")) {
            return -1;
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
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

    /** The body, a copy; empty when none was sent. */
    public byte[] body() {
        return Arrays.copyOf(body, bodyLength);
    }

    /** The body as a stream, without copying it: for a large body. */
    public InputStream bodyStream() {
        return new ByteArrayInputStream(body, 0, bodyLength);
    }
}

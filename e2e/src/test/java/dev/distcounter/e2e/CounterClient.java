package dev.distcounter.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP client for the nodes and the discovery server. Every request has a timeout; writes are
 * sent as POST so the JDK client never retries them on its own (a retried write could count twice
 * from the test's point of view).
 */
final class CounterClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Longer than the node's default --write-timeout (10s), after which it answers 503. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern PEERS = Pattern.compile("Peers \\((\\d+)\\): \\[(.*)\\]");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Sends one request; {@code body} may be null. Throws on no response (refused, reset, timeout). */
    HttpReply send(String method, URI uri, byte[] body, Duration timeout, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response =
                http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new HttpReply(response.statusCode(), response.body(), response.headers());
    }

    HttpReply get(URI uri, String... headers) throws IOException, InterruptedException {
        return send("GET", uri, null, READ_TIMEOUT, headers);
    }

    HttpReply post(URI uri) throws IOException, InterruptedException {
        return send("POST", uri, null, WRITE_TIMEOUT);
    }

    /** {@code GET /counter}; fails unless 200 with the expected text. */
    CounterReading counter(NodeProcess node) throws IOException, InterruptedException {
        HttpReply reply = get(node.uri("/counter"));
        expectStatus(node, "GET /counter", reply, 200);
        return CounterReading.parseCounter(reply.body());
    }

    /** {@code POST /increment[?by=N]}; fails unless 200. */
    CounterReading increment(NodeProcess node, long by) throws IOException, InterruptedException {
        return write(node, "increment", "incremented", by);
    }

    /** {@code POST /decrement[?by=N]}; fails unless 200. */
    CounterReading decrement(NodeProcess node, long by) throws IOException, InterruptedException {
        return write(node, "decrement", "decremented", by);
    }

    private CounterReading write(NodeProcess node, String path, String verb, long by)
            throws IOException, InterruptedException {
        String target = "/" + path + (by == 1 ? "" : "?by=" + by);
        HttpReply reply = post(node.uri(target));
        expectStatus(node, "POST " + target, reply, 200);
        return CounterReading.parseWrite(verb, reply.body());
    }

    /** {@code GET /peers}: the addresses in {@code Peers (N): [a b]}; checks N matches the list. */
    List<String> peers(NodeProcess node) throws IOException, InterruptedException {
        HttpReply reply = get(node.uri("/peers"));
        expectStatus(node, "GET /peers", reply, 200);
        Matcher m = PEERS.matcher(reply.line());
        if (!m.matches()) {
            throw new AssertionError(node + ": not a /peers reply: \"" + reply.line() + "\"");
        }
        List<String> peers = m.group(2).isBlank()
                ? List.of()
                : Arrays.asList(m.group(2).trim().split("\\s+"));
        if (peers.size() != Integer.parseInt(m.group(1))) {
            throw new AssertionError(node + ": /peers count does not match its list: \"" + reply.line() + "\"");
        }
        return peers;
    }

    private static void expectStatus(Object who, String what, HttpReply reply, int status) {
        if (reply.status() != status) {
            throw new AssertionError(who + ": " + what + " answered " + reply + ", expected " + status);
        }
    }
}

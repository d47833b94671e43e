package dev.distcounter.node.http;

import dev.distcounter.node.replication.KeyValueOperations;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A {@link CounterHttpApi} on 127.0.0.1 and a client for it, as the tests of each resource use them. */
final class RunningApi implements AutoCloseable {
    /** The API's own registry, as a node's would be. */
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    final CounterHttpApi api;
    final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    RunningApi(
            CounterOperations node,
            KeyValueOperations keys,
            Duration writeTimeout,
            String adminToken,
            boolean adminLoopback)
            throws IOException {
        api = new CounterHttpApi(
                new HttpConfig("127.0.0.1", 0, 4, writeTimeout, adminToken, adminLoopback), node, keys, registry);
        api.start();
    }

    RunningApi(CounterOperations node, Duration writeTimeout, String adminToken, boolean adminLoopback)
            throws IOException {
        this(node, null, writeTimeout, adminToken, adminLoopback);
    }

    /** With the keyspace {@code keys}, and the node's usual test settings. */
    RunningApi(CounterOperations node, KeyValueOperations keys) throws IOException {
        this(node, keys, Duration.ofMillis(300), "", true);
    }

    /** With {@code adminToken}, or else admin from loopback ({@code --admin-loopback}). */
    RunningApi(CounterOperations node, Duration writeTimeout, String adminToken) throws IOException {
        this(node, writeTimeout, adminToken, adminToken.isEmpty());
    }

    /** The node's usual test settings: a 300 ms write timeout, no admin token, admin from loopback. */
    RunningApi(CounterOperations node) throws IOException {
        this(node, Duration.ofMillis(300), "");
    }

    HttpRequest.Builder request(String method, String path, String accept, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(15))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return b;
    }

    HttpResponse<String> call(String method, String path, String accept, String body) throws Exception {
        return client.send(request(method, path, accept, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return call("GET", path, null, null);
    }

    HttpResponse<String> json(String method, String path) throws Exception {
        return call(method, path, "application/json", null);
    }

    CompletableFuture<HttpResponse<String>> getLater(String path) {
        return client.sendAsync(request("GET", path, null, null).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        api.close();
    }
}

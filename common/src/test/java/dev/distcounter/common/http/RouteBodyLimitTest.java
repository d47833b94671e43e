package dev.distcounter.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Route#withMaxBody}: a route's own body limit, and the budget that bounds what large bodies hold. */
class RouteBodyLimitTest {
    static final int LIMIT = 1024 * 1024;

    final AtomicInteger handled = new AtomicInteger();
    final CompletableFuture<Reply> held = new CompletableFuture<>();
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    RoutedHttpServer server;
    LoopbackClient client;

    void start(long budget) throws IOException {
        server = RoutedHttpServer.start(
                new ServerSettings(
                        "127.0.0.1",
                        0,
                        2,
                        "limit-http",
                        "test",
                        Duration.ofSeconds(1),
                        ServerSettings.DEFAULT_READERS,
                        ServerSettings.DEFAULT_READ_TIMEOUT,
                        budget),
                Routes.answeringUnknownPaths(path -> "none")
                        .with(Route.at("/large")
                                .on("POST", request -> {
                                    handled.incrementAndGet();
                                    return Reply.ok("got " + request.body().length + " bytes", null);
                                })
                                .withMaxBody(LIMIT))
                        .with(Route.at("/held").onAsync("POST", request -> held).withMaxBody(LIMIT))
                        .with(Route.at("/small").on("POST", request -> Reply.ok("got " + request.body().length, null))),
                RequestObserver.NONE);
        client = new LoopbackClient(server.port());
    }

    @AfterEach
    void stop() {
        held.complete(Reply.ok("done", null));
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRouteReadsBodiesUpToItsOwnLimitAndOthersKeepTheDefault() throws Exception {
        start(ServerSettings.DEFAULT_BODY_BUDGET);
        assertThat(client.send("POST", "/large", null, "x".repeat(LIMIT)).body())
                .isEqualTo("got " + LIMIT + " bytes\n");
        assertThat(client.send("POST", "/large", null, "").body()).isEqualTo("got 0 bytes\n");
        HttpResponse<String> small = client.send("POST", "/small", null, "x".repeat(64 * 1024 + 1));
        assertThat(small.statusCode()).isEqualTo(413);
        assertThat(small.body()).isEqualTo("request body larger than 65536 bytes\n");
    }

    @Test
    void oneByteOverTheLimitIsDrainedAndAnswered413OnAConnectionThatStaysUsable() throws Exception {
        start(ServerSettings.DEFAULT_BODY_BUDGET);
        HttpResponse<String> r = client.send("POST", "/large", null, "x".repeat(LIMIT + 1));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("request body larger than " + LIMIT + " bytes\n");
        assertThat(r.headers().firstValue("Connection"))
                .as("drained: up to twice the limit is read")
                .isEmpty();
        HttpResponse<String> nearTheDrainLimit = client.send("POST", "/large", null, "x".repeat(2 * LIMIT));
        assertThat(nearTheDrainLimit.statusCode()).isEqualTo(413);
        assertThat(nearTheDrainLimit.headers().firstValue("Connection")).isEmpty();
        assertThat(handled).hasValue(0);
        assertThat(client.send("POST", "/large", null, "ok").body()).isEqualTo("got 2 bytes\n");
    }

    @Test
    void beyondTwiceTheLimitTheConnectionIsClosed() throws Exception {
        start(ServerSettings.DEFAULT_BODY_BUDGET);
        try {
            HttpResponse<String> r = client.send("POST", "/large", null, "x".repeat(3 * LIMIT));
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.headers().firstValue("Connection")).hasValue("close");
        } catch (IOException connectionCutOff) {
            // the kernel may reset the connection before the client reads the 413; never a 200
            assertThat(connectionCutOff).isNotInstanceOf(java.net.http.HttpTimeoutException.class);
        }
        assertThat(handled).hasValue(0);
        assertThat(client.send("POST", "/large", null, "ok").body()).isEqualTo("got 2 bytes\n");
    }

    @Test
    void aChunkedBodyIsHeldToTheSameLimit() throws Exception {
        start(ServerSettings.DEFAULT_BODY_BUDGET);
        assertThat(chunked("/large", LIMIT).body()).isEqualTo("got " + LIMIT + " bytes\n");
        HttpResponse<String> over = chunked("/large", LIMIT + 1);
        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(handled).hasValue(1);
    }

    /**
     * What large bodies hold is bounded by the budget until their replies are sent: a body that
     * does not fit is drained and answered 503 with Retry-After, and the budget comes back.
     */
    @Test
    void aBodyTheBudgetCannotHoldIsAnswered503UntilTheBudgetComesBack() throws Exception {
        start(LIMIT); // one full body beyond the free 64 KiB
        CompletableFuture<HttpResponse<String>> first = post("/held", LIMIT);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            HttpResponse<String> r = client.send("POST", "/large", null, "x".repeat(LIMIT));
            return r.statusCode() == 503;
        });
        HttpResponse<String> busy = client.send("POST", "/large", null, "x".repeat(LIMIT / 2));
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.body()).startsWith("too busy: large request bodies already hold the " + LIMIT + " bytes");
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(client.send("POST", "/large", null, "x".repeat(64 * 1024)).body())
                .as("the first 64 KiB of a body are free")
                .isEqualTo("got 65536 bytes\n");
        assertThat(chunked("/large", LIMIT).statusCode()).isEqualTo(503);

        held.complete(Reply.ok("done", null));
        assertThat(first.get().body()).isEqualTo("done\n");
        for (int i = 0; i < 3; i++) {
            assertThat(client.send("POST", "/large", null, "x".repeat(LIMIT)).body())
                    .as("the budget came back, from the held body and from every refusal")
                    .isEqualTo("got " + LIMIT + " bytes\n");
        }
    }

    @Test
    void aRouteWhoseLimitTheBudgetCannotHoldIsRefusedAtStart() {
        assertThatThrownBy(() -> start(LIMIT - 64 * 1024 - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reads bodies of up to " + LIMIT + " bytes");
        assertThatThrownBy(() -> Route.at("/x").withMaxBody(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private CompletableFuture<HttpResponse<String>> post(String path, int bytes) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(bytes)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST without Content-Length: the client sends the body in chunks. */
    private HttpResponse<String> chunked(String path, int bytes) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[bytes])))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

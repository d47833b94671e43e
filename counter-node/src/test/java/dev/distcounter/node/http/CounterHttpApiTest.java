package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.LocalUpdate;
import dev.distcounter.node.transport.ChaosSettings;
import dev.distcounter.node.transport.FaultStats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CounterHttpApiTest {
    /** A node whose durability outcome the test decides. */
    static class FakeNode implements CounterOperations {
        final CounterStore store = CounterStore.inMemory("localhost:9001", 1);
        Function<LocalUpdate, CompletableFuture<?>> durability = u -> CompletableFuture.completedFuture(null);

        @Override
        public NodeAddress address() {
            return NodeAddress.parse("localhost:9001");
        }

        @Override
        public LocalUpdate add(long delta) {
            LocalUpdate u = store.add(delta);
            return new LocalUpdate(u.state(), durability.apply(u));
        }

        @Override
        public PNCounter current() {
            return store.current();
        }

        @Override
        public CompletableFuture<PNCounter> awaitVersion(long version) {
            return store.awaitVersion(version);
        }

        @Override
        public List<NodeAddress> peers() {
            return List.of(NodeAddress.parse("localhost:9002"), NodeAddress.parse("localhost:9003"));
        }

        @Override
        public Map<String, Object> health() {
            return Map.of("status", "ok", "value", store.current().value());
        }

        ChaosSettings chaos = ChaosSettings.NONE;

        @Override
        public Map<String, Object> cluster() {
            return Map.of(
                    "leader",
                    "localhost:9003",
                    "term",
                    4,
                    "members",
                    List.of(Map.of("addr", "localhost:9002", "state", "alive", "nodeId", 9002, "silenceMs", 12)));
        }

        @Override
        public ChaosSettings chaos() {
            return chaos;
        }

        @Override
        public FaultStats faultStats() {
            return new FaultStats(1, 2, 3, 0);
        }

        @Override
        public void applyChaos(ChaosSettings settings) {
            chaos = settings;
        }
    }

    final FakeNode node = new FakeNode();
    final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    CounterHttpApi api;

    @BeforeEach
    void start() throws IOException {
        api = new CounterHttpApi(new HttpConfig("127.0.0.1", 0, 4, Duration.ofMillis(300), ""), node);
        api.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    HttpResponse<String> call(String method, String path, String accept, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(5))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return call("GET", path, null, null);
    }

    @Test
    void theOriginalsTextOutput() throws Exception {
        assertThat(get("/increment").body()).isEqualTo("Counter incremented to 1 (version 1)\n");
        assertThat(call("POST", "/increment", null, null).body()).isEqualTo("Counter incremented to 2 (version 2)\n");
        assertThat(get("/decrement").body()).isEqualTo("Counter decremented to 1 (version 3)\n");
        assertThat(get("/counter").body()).isEqualTo("Counter: 1 (version 3)\n");
        assertThat(get("/peers").body()).isEqualTo("Peers (2): [localhost:9002 localhost:9003]\n");
        assertThat(get("/counter").headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void decrementFromZeroIsMinusOne() throws Exception {
        assertThat(get("/decrement").body()).isEqualTo("Counter decremented to -1 (version 1)\n");
        assertThat(get("/counter").body()).isEqualTo("Counter: -1 (version 1)\n");
    }

    @Test
    void byAddsABatch() throws Exception {
        assertThat(get("/increment?by=10").body()).isEqualTo("Counter incremented to 10 (version 10)\n");
        assertThat(get("/decrement?by=4&x=y").body()).isEqualTo("Counter decremented to 6 (version 14)\n");
    }

    @Test
    void jsonWhenAskedFor() throws Exception {
        get("/increment?by=5");
        JsonNode counter = Json.MAPPER.readTree(
                call("GET", "/counter", "application/json", null).body());
        assertThat(counter.get("value").asLong()).isEqualTo(5);
        assertThat(counter.get("version").asLong()).isEqualTo(5);
        assertThat(counter.get("node").asText()).isEqualTo("localhost:9001");
        JsonNode inc = Json.MAPPER.readTree(
                call("POST", "/increment", "application/json", null).body());
        assertThat(inc.get("operation").asText()).isEqualTo("increment");
        JsonNode peers = Json.MAPPER.readTree(
                call("GET", "/peers", "application/json", null).body());
        assertThat(peers.get("count").asInt()).isEqualTo(2);
        JsonNode error = Json.MAPPER.readTree(
                call("GET", "/nope", "application/json", null).body());
        assertThat(error.get("error").asText()).contains("no such endpoint");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "DELETE, /counter, 405",
        "POST, /counter, 405",
        "PUT, /increment, 405",
        "GET, /nope, 404",
        "GET, /counter/, 404",
        "GET, /increment?by=abc, 400",
        "GET, /increment?by=0, 400",
        "GET, /increment?by=-5, 400",
        "GET, /increment?by=1.5, 400",
        "GET, /increment?by=9223372036854775808, 400",
        "GET, /increment?by=1&by=2, 400",
        "GET, /increment?by, 400",
    })
    void badRequestsGetAReasonAndChangeNothing(String method, String path, int status) throws Exception {
        HttpResponse<String> r = call(method, path, null, null);
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).endsWith("\n").doesNotContain("Exception");
        assertThat(r.body().strip()).doesNotContain("\n").isNotEmpty();
        assertThat(node.current().version()).isZero();
        if (status == 405) {
            assertThat(r.headers().firstValue("Allow")).isPresent();
        }
    }

    @Test
    void oversizedBodyIsRefused() throws Exception {
        HttpResponse<String> r = call("POST", "/increment", null, "x".repeat(100 * 1024));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(node.current().version()).isZero();
        assertThat(get("/counter").statusCode()).isEqualTo(200);
    }

    @Test
    void overflowIsRefusedWithAReason() throws Exception {
        assertThat(get("/increment?by=9223372036854775807").statusCode()).isEqualTo(200);
        HttpResponse<String> r = get("/increment");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("64-bit");
        assertThat(get("/counter").body()).isEqualTo("Counter: 9223372036854775807 (version 9223372036854775807)\n");
    }

    @Test
    void aFailedLogAnswers503OutcomeUnknown() throws Exception {
        node.durability = u -> CompletableFuture.failedFuture(new IOException("disk on fire"));
        HttpResponse<String> r = get("/increment");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("outcome unknown", "disk on fire", "may or may not be counted");
    }

    @Test
    void aLogThatAlreadyFailedAnswers503NotCounted() throws Exception {
        node.durability = u -> {
            throw new dev.distcounter.node.storage.StoreFailedException("the write-ahead log failed (disk full)");
        };
        HttpResponse<String> r = get("/increment");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).startsWith("not counted: ").contains("disk full");
    }

    @Test
    void aSlowLogAnswers503AfterTheWriteTimeout() throws Exception {
        node.durability = u -> new CompletableFuture<>(); // never completes
        HttpResponse<String> r = get("/increment");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("did not confirm within 300 ms");
        node.durability = u -> CompletableFuture.completedFuture(null);
        assertThat(get("/counter").statusCode()).isEqualTo(200);
    }

    @Test
    void writesWaitForDurability() throws Exception {
        CompletableFuture<Object> gate = new CompletableFuture<>();
        node.durability = u -> gate;
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/increment"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(100);
        assertThat(pending).as("no answer before the log confirms").isNotDone();
        gate.complete(null);
        assertThat(pending.get().statusCode()).isEqualTo(200);
    }

    @Test
    void headAndHealth() throws Exception {
        HttpResponse<String> head = call("HEAD", "/counter", null, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(get("/health").body()).startsWith("OK ").contains("status=ok");
    }

    @Test
    void healthIs503OnceTheNodeCannotTakeWrites() throws Exception {
        FakeNode failing = new FakeNode() {
            @Override
            public Map<String, Object> health() {
                return Map.of("status", "failing", "walFailure", "disk full");
            }
        };
        try (CounterHttpApi other =
                new CounterHttpApi(new HttpConfig("127.0.0.1", 0, 2, Duration.ofSeconds(1), ""), failing)) {
            other.start();
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/health"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).startsWith("FAILING ").contains("walFailure=disk full");
        }
    }

    @Test
    void clusterShowsLeaderTermAndMembers() throws Exception {
        assertThat(get("/cluster").body())
                .startsWith("Leader: localhost:9003 (term 4)\nMembers (1):\n"
                        + "  localhost:9002 alive (id 9002, silent 12 ms)");
        JsonNode json = Json.MAPPER.readTree(
                call("GET", "/cluster", "application/json", null).body());
        assertThat(json.get("leader").asText()).isEqualTo("localhost:9003");
        assertThat(json.get("members").get(0).get("state").asText()).isEqualTo("alive");
    }

    @Test
    void chaosCanBeReadAndSetFromLoopback() throws Exception {
        assertThat(get("/admin/chaos").body()).startsWith("Chaos: drop 0.0");
        HttpResponse<String> set = call(
                "POST",
                "/admin/chaos",
                "application/json",
                "{\"drop\":0.3,\"delay\":\"10ms-50ms\",\"blocked\":[\"localhost:9002\"]}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(node.chaos.drop()).isEqualTo(0.3);
        assertThat(node.chaos.maxDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(node.chaos.blocked()).containsExactly(NodeAddress.parse("localhost:9002"));
        JsonNode json = Json.MAPPER.readTree(set.body());
        assertThat(json.get("blocked").get(0).asText()).isEqualTo("localhost:9002");
        // fields left out stay as they are
        call("POST", "/admin/chaos", null, "{\"blocked\":[]}");
        assertThat(node.chaos.blocked()).isEmpty();
        assertThat(node.chaos.drop()).isEqualTo(0.3);
    }

    @ParameterizedTest(name = "{0} -> 400")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json",
                "[1,2]",
                "{\"drop\":1.5}",
                "{\"drop\":\"lots\"}",
                "{\"delay\":\"5ms-1ms\"}",
                "{\"delay\":\"soon\"}",
                "{\"blocked\":\"localhost:9002\"}",
                "{\"blocked\":[\"nowhere\"]}",
            })
    void badChaosRequestsChangeNothing(String body) throws Exception {
        HttpResponse<String> r = call("POST", "/admin/chaos", null, body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body().strip()).doesNotContain("\n").isNotEmpty();
        assertThat(node.chaos).isEqualTo(ChaosSettings.NONE);
    }

    @Test
    void withATokenAdminNeedsIt() throws Exception {
        try (CounterHttpApi guarded =
                new CounterHttpApi(new HttpConfig("127.0.0.1", 0, 2, Duration.ofSeconds(1), "s3cret"), node)) {
            guarded.start();
            URI uri = URI.create("http://127.0.0.1:" + guarded.port() + "/admin/chaos");
            HttpResponse<String> without = client.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(without.statusCode()).isEqualTo(401);
            HttpResponse<String> with = client.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(5))
                            .header("X-Admin-Token", "s3cret")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(with.statusCode()).isEqualTo(200);
            HttpResponse<String> counter = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guarded.port() + "/counter"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(counter.statusCode())
                    .as("only admin endpoints are guarded")
                    .isEqualTo(200);
        }
    }

    @Test
    void aReaderCanWaitForAVersion() throws Exception {
        get("/increment?by=2");
        assertThat(get("/counter?atLeast=2").body()).as("already there").isEqualTo("Counter: 2 (version 2)\n");
        CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/counter?atLeast=5&wait=10s"))
                        .timeout(Duration.ofSeconds(15))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(100);
        assertThat(waiting).as("version 2 < 5: still waiting").isNotDone();
        get("/increment");
        Thread.sleep(50);
        assertThat(waiting).as("version 3 < 5: still waiting").isNotDone();
        get("/decrement?by=2");
        assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS).body()).isEqualTo("Counter: 1 (version 5)\n");
    }

    @Test
    void aWaitThatRunsOutAnswersWhatTheNodeHolds() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = get("/counter?atLeast=100&wait=200ms");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Counter: 0 (version 0)\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @ParameterizedTest
    @CsvSource({
        "/counter?atLeast=abc",
        "/counter?atLeast=-1",
        "/counter?atLeast=1&atLeast=2",
        "/counter?atLeast=1&wait=forever",
        "/counter?atLeast=1&wait=31s",
        "/counter?wait=-1s"
    })
    void badWaitsAreRefused(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body().strip()).doesNotContain("\n").isNotEmpty();
    }

    @Test
    void parseByAcceptsTheWholeRange() {
        assertThat(CounterHttpApi.parseBy(null)).isEqualTo(1);
        assertThat(CounterHttpApi.parseBy("")).isEqualTo(1);
        assertThat(CounterHttpApi.parseBy("other=3")).isEqualTo(1);
        assertThat(CounterHttpApi.parseBy("by=9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(CounterHttpApi.parseBy("by=%2B7")).isEqualTo(7);
    }
}

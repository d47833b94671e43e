package dev.distcounter.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.common.http.RequestObserver;
import dev.distcounter.common.http.RoutedHttpServer;
import dev.distcounter.common.http.ServerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class DiscoveryHttpApiTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Long enough that nothing expires while a test that is not about expiry runs. */
    private static final Duration NO_EXPIRY = Duration.ofMinutes(10);

    private static final Duration SHORT_CLEANUP = Duration.ofMillis(300);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final List<DiscoveryServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(DiscoveryServer::close);
    }

    private static DiscoveryHttpApi api(PeerRegistry peers) {
        return new DiscoveryHttpApi(peers, new DiscoveryMeters(new SimpleMeterRegistry(), peers));
    }

    private URI start(Duration cleanup) throws IOException {
        DiscoveryServer server = new DiscoveryServer(DiscoveryConfig.loopback(cleanup), Clock.systemUTC());
        servers.add(server);
        server.start();
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private HttpResponse<String> send(URI base, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                .build();
        return client.send(request, BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI base, String path, String body) throws Exception {
        return send(base, "POST", path, body);
    }

    private List<String> peerAddrs(URI base) throws Exception {
        HttpResponse<String> response = send(base, "GET", "/peers", null);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> addrs = new ArrayList<>();
        Json.MAPPER
                .readTree(response.body())
                .forEach(peer -> addrs.add(peer.get("addr").asText()));
        return addrs;
    }

    @Test
    void registeredPeersAreListedSortedWithTheirLastSeenTime() throws Exception {
        URI base = start(NO_EXPIRY);
        Instant before = Instant.now().minusMillis(1);

        HttpResponse<String> second = post(base, "/register", "{\"addr\":\"localhost:9002\"}");
        HttpResponse<String> first = post(base, "/register", "{\"addr\":\"localhost:09001\"}");

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(second.body()))
                .isEqualTo(Json.MAPPER.readTree("{\"addr\":\"localhost:9002\",\"peers\":1}"));
        assertThat(second.headers().firstValue("Content-Type")).hasValue("application/json");
        // The reply names the address as the registry understood it.
        assertThat(Json.MAPPER.readTree(first.body()))
                .isEqualTo(Json.MAPPER.readTree("{\"addr\":\"localhost:9001\",\"peers\":2}"));

        HttpResponse<String> peers = send(base, "GET", "/peers", null);
        assertThat(peers.statusCode()).isEqualTo(200);
        JsonNode list = Json.MAPPER.readTree(peers.body());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("addr").asText()).isEqualTo("localhost:9001");
        assertThat(list.get(1).get("addr").asText()).isEqualTo("localhost:9002");
        for (JsonNode peer : list) {
            String lastSeen = peer.get("lastSeen").asText();
            assertThat(lastSeen).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(Instant.parse(lastSeen)).isBetween(before, Instant.now().plusMillis(1));
        }
    }

    @Test
    void heartbeatFromUnknownAddressRegistersIt() throws Exception {
        URI base = start(NO_EXPIRY);

        HttpResponse<String> response = post(base, "/heartbeat", "{\"addr\":\"localhost:9005\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(response.body()).get("peers").asInt()).isEqualTo(1);
        assertThat(peerAddrs(base)).containsExactly("localhost:9005");
    }

    @Test
    void deregisterRemovesAPeerAndAcceptsUnknownOnes() throws Exception {
        URI base = start(NO_EXPIRY);
        post(base, "/register", "{\"addr\":\"localhost:9001\"}");
        post(base, "/register", "{\"addr\":\"localhost:9002\"}");

        HttpResponse<String> removed = post(base, "/deregister", "{\"addr\":\"localhost:9001\"}");
        HttpResponse<String> again = post(base, "/deregister", "{\"addr\":\"localhost:9001\"}");

        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(again.body()))
                .isEqualTo(Json.MAPPER.readTree("{\"addr\":\"localhost:9001\",\"peers\":1}"));
        assertThat(peerAddrs(base)).containsExactly("localhost:9002");
    }

    @Test
    void peerThatStopsHeartbeatingDisappears() throws Exception {
        URI base = start(SHORT_CLEANUP);
        post(base, "/register", "{\"addr\":\"localhost:9001\"}");
        post(base, "/register", "{\"addr\":\"localhost:9002\"}");

        // 9002 keeps heartbeating, 9001 falls silent; 9001 must be gone within a few intervals.
        await("localhost:9001 gone while localhost:9002 heartbeats")
                .atMost(SHORT_CLEANUP.multipliedBy(10))
                .pollDelay(Duration.ZERO)
                .pollInterval(SHORT_CLEANUP.dividedBy(6))
                .untilAsserted(() -> {
                    assertThat(post(base, "/heartbeat", "{\"addr\":\"localhost:9002\"}")
                                    .statusCode())
                            .isEqualTo(200);
                    assertThat(peerAddrs(base)).containsExactly("localhost:9002");
                });
    }

    @Test
    void expiredPeerIsDroppedFromStorageByTheScheduledCleanup() throws Exception {
        // The cleanup logs every peer it drops, at INFO (below these tests' WARN): listen for it.
        AtomicBoolean dropped = new AtomicBoolean();
        AppenderBase<ILoggingEvent> listener = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().startsWith("dropped localhost:9001 ")) {
                    dropped.set(true);
                }
            }
        };
        listener.start();
        Logger serverLog = (Logger) LoggerFactory.getLogger(DiscoveryServer.class);
        Level level = serverLog.getLevel();
        serverLog.setLevel(Level.INFO);
        serverLog.setAdditive(false);
        serverLog.addAppender(listener);
        try {
            DiscoveryServer server = new DiscoveryServer(DiscoveryConfig.loopback(SHORT_CLEANUP), Clock.systemUTC());
            servers.add(server);
            server.start();
            URI base = URI.create("http://127.0.0.1:" + server.port());
            post(base, "/register", "{\"addr\":\"localhost:9001\"}");

            await("the scheduled cleanup dropping localhost:9001")
                    .atMost(SHORT_CLEANUP.multipliedBy(20))
                    .pollInterval(Duration.ofMillis(20))
                    .untilTrue(dropped);
            // expire() drops and returns what is expired but still stored: nothing, once the
            // scheduler has run.
            assertThat(server.registry().expire()).isEmpty();
            assertThat(server.registry().livePeers()).isEmpty();
        } finally {
            serverLog.detachAppender(listener);
            serverLog.setAdditive(true);
            serverLog.setLevel(level);
        }
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("POST", "/register", "{\"addr\":", 400, "invalid JSON"),
                Arguments.of("POST", "/register", "not json", 400, "invalid JSON"),
                Arguments.of("POST", "/register", "{\"addr\":\"localhost:9001\"} trailing", 400, "invalid JSON"),
                Arguments.of("POST", "/register", "{\"addr\":\"localhost:9001\"} {}", 400, "invalid JSON"),
                Arguments.of("POST", "/register", "[]", 400, "invalid JSON"),
                Arguments.of("POST", "/register", "", 400, "empty request body"),
                Arguments.of("POST", "/register", "{}", 400, "missing \"addr\""),
                Arguments.of("POST", "/register", "null", 400, "missing \"addr\""),
                Arguments.of("POST", "/heartbeat", "{\"addr\":\"\"}", 400, "address is empty"),
                Arguments.of("POST", "/heartbeat", "{\"addr\":\"localhost:0\"}", 400, "outside 1..65535"),
                Arguments.of("POST", "/deregister", "{\"addr\":\"no-port\"}", 400, "missing :port"),
                Arguments.of("POST", "/register", "{\"addr\":\"evil\\nhost:1\"}", 400, "bad character in host"),
                Arguments.of(
                        "POST",
                        "/register",
                        "{\"addr\":\"" + "x".repeat(65 * 1024) + "\"}",
                        413,
                        "larger than 65536 bytes"),
                Arguments.of("GET", "/register", null, 405, "use POST"),
                Arguments.of("PUT", "/heartbeat", "{\"addr\":\"localhost:9001\"}", 405, "use POST"),
                Arguments.of("DELETE", "/peers", null, 405, "use GET"),
                Arguments.of("POST", "/health", "", 405, "use GET"),
                Arguments.of("GET", "/nope", null, 404, "not found: /nope"),
                Arguments.of("GET", "/peers/extra", null, 404, "not found"),
                Arguments.of("GET", "/", null, 404, "not found"));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("badRequests")
    void badRequestsGetA4xxAndAOneLineReason(String method, String path, String body, int status, String reason)
            throws Exception {
        URI base = start(NO_EXPIRY);

        HttpResponse<String> response = send(base, method, path, body);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(response.body()).contains(reason).endsWith("\n");
        assertThat(response.body().strip()).doesNotContain("\n", "\r");
        if (status == 405) {
            assertThat(response.headers().firstValue("Allow")).hasValue(reason.substring("use ".length()));
        }
        assertThat(peerAddrs(base)).isEmpty();
        assertThat(send(base, "GET", "/health", null).body()).isEqualTo("OK\n");
    }

    @Test
    void serverKeepsAnsweringAfterEveryKindOfBadRequest() throws Exception {
        URI base = start(NO_EXPIRY);
        List<Arguments> cases = badRequests().toList();
        for (Arguments bad : cases) {
            Object[] a = bad.get();
            HttpResponse<String> response = send(base, (String) a[0], (String) a[1], (String) a[2]);
            assertThat(response.statusCode()).as("%s %s", a[0], a[1]).isEqualTo(a[3]);
        }

        HttpResponse<String> health = send(base, "GET", "/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("OK\n");
        assertThat(post(base, "/register", "{\"addr\":\"localhost:9001\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void farOversizedBodyIsCutOffAndServerStaysUp() throws Exception {
        URI base = start(NO_EXPIRY);
        String huge = "x".repeat(4 * 1024 * 1024);

        // Past 1 MiB the server stops reading and closes, so the client may see the 413 or, when
        // the kernel resets the connection first, only an error; never a 200.
        try {
            HttpResponse<String> response = post(base, "/register", huge);
            assertThat(response.statusCode()).isEqualTo(413);
        } catch (IOException connectionCutOff) {
            assertThat(connectionCutOff).isNotInstanceOf(java.net.http.HttpTimeoutException.class);
        }

        assertThat(send(base, "GET", "/health", null).body()).isEqualTo("OK\n");
        assertThat(peerAddrs(base)).isEmpty();
    }

    @Test
    void repliesAreJsonWhateverTheAcceptAndErrorsAreJsonWhenAskedFor() throws Exception {
        URI base = start(NO_EXPIRY);
        HttpRequest register = HttpRequest.newBuilder(base.resolve("/register"))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "text/plain")
                .POST(BodyPublishers.ofString("{\"addr\":\"localhost:9001\"}"))
                .build();
        HttpResponse<String> registered = client.send(register, BodyHandlers.ofString());
        assertThat(registered.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(registered.body()).isEqualTo("{\"addr\":\"localhost:9001\",\"peers\":1}");

        HttpRequest bad = HttpRequest.newBuilder(base.resolve("/heartbeat"))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .POST(BodyPublishers.ofString("{}"))
                .build();
        HttpResponse<String> refused = client.send(bad, BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(Json.MAPPER.readTree(refused.body()).get("error").asText())
                .isEqualTo("missing \"addr\"; expected {\"addr\":\"host:port\"}");

        HttpRequest health = HttpRequest.newBuilder(base.resolve("/health"))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .build();
        assertThat(client.send(health, BodyHandlers.ofString()).body()).isEqualTo("OK\n");
    }

    @Test
    void queryStringDoesNotChangeTheRoute() throws Exception {
        URI base = start(NO_EXPIRY);

        assertThat(send(base, "GET", "/health?verbose=1", null).body()).isEqualTo("OK\n");
    }

    @Test
    void unexpectedFailureAnswers500AndLogsAWarning() throws Exception {
        Clock broken = new Clock() {
            @Override
            public Instant instant() {
                throw new IllegalStateException("clock broke");
            }

            @Override
            public ZoneId getZone() {
                return ZoneId.of("UTC");
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        RoutedHttpServer server = RoutedHttpServer.start(
                new ServerSettings("127.0.0.1", 0, 2, "discovery-test-http", "discovery", Duration.ofSeconds(1)),
                api(new PeerRegistry(Duration.ofSeconds(5), broken)).routes(),
                RequestObserver.NONE);
        // Capture the warning (the server logs a failed request) instead of printing its stack
        // trace into the build output.
        Logger apiLog = (Logger) LoggerFactory.getLogger("dev.distcounter.common.http.Dispatcher");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        apiLog.addAppender(captured);
        apiLog.setAdditive(false);
        try {
            URI base = URI.create("http://127.0.0.1:" + server.port());

            HttpResponse<String> response = post(base, "/register", "{\"addr\":\"localhost:9001\"}");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("internal error\n");
            assertThat(send(base, "GET", "/health", null).body()).isEqualTo("OK\n");
        } finally {
            server.close();
            apiLog.detachAppender(captured);
            apiLog.setAdditive(true);
        }
        assertThat(captured.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("clock broke");
        });
    }

    @Test
    void aHostThatDoesNotResolveIs400AndCounted() throws Exception {
        URI base = start(NO_EXPIRY);
        HttpResponse<String> r = post(base, "/register", "{\"addr\":\"no-such-host.invalid:9001\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body())
                .isEqualTo("host \"no-such-host.invalid\" of no-such-host.invalid:9001 does not resolve; register an"
                        + " address the nodes can reach\n");
        assertThat(post(base, "/heartbeat", "{\"addr\":\"localhost:0\"}").statusCode())
                .as("port outside 1..65535")
                .isEqualTo(400);
        assertThat(peerAddrs(base)).isEmpty();
    }

    @Test
    void aFullRegistryRefusesNewAddressesWith429ButKeepsRefreshingKnownOnes() throws Exception {
        DiscoveryServer server = new DiscoveryServer(
                new DiscoveryConfig("127.0.0.1", 0, NO_EXPIRY, LogLevel.INFO, 2), Clock.systemUTC());
        servers.add(server);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.port());
        assertThat(post(base, "/register", "{\"addr\":\"localhost:9001\"}").statusCode())
                .isEqualTo(200);
        assertThat(post(base, "/register", "{\"addr\":\"localhost:9002\"}").statusCode())
                .isEqualTo(200);
        HttpResponse<String> third = post(base, "/register", "{\"addr\":\"localhost:9003\"}");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.body())
                .isEqualTo("the discovery server already lists its most, 2 nodes (--max-nodes); localhost:9003 is not"
                        + " registered (a node listed now must expire first)\n");
        assertThat(post(base, "/heartbeat", "{\"addr\":\"localhost:9002\"}").statusCode())
                .isEqualTo(200);
        assertThat(peerAddrs(base)).containsExactly("localhost:9001", "localhost:9002");
        assertThat(send(base, "GET", "/metrics", null).body())
                .contains("discovery_registrations_refused_total{reason=\"full\"} 1.0");
    }
}

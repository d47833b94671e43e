package dev.distcounter.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.ClusterKeyFile;
import dev.distcounter.common.auth.RequestSignature;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A discovery server with a cluster key: register, heartbeat, deregister and peers need a signed
 * request (401 and a count otherwise); the keys rotate through {@code /admin/keys}.
 *
 * <p>Guarantees: docs/guarantees.md §10.
 */
class DiscoveryAuthenticationTest {
    static final ClusterKey KEY = ClusterKey.generate(new Random(1));
    static final ClusterKey NEW = ClusterKey.generate(new Random(2));
    static final String BODY = "{\"addr\":\"localhost:9001\"}";

    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    DiscoveryServer server;
    URI base;

    @TempDir
    Path dir;

    void start(Optional<ClusterKey> key) throws Exception {
        DiscoveryConfig loopback = DiscoveryConfig.loopback(Duration.ofMinutes(10));
        DiscoveryConfig config =
                new DiscoveryConfig(loopback.bind(), loopback.port(), loopback.cleanup(), loopback.logLevel(), key);
        server = new DiscoveryServer(config, Clock.systemUTC(), registry).start();
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void signedRequestsAreAnsweredAndEveryOtherOneIs401AndCounted() throws Exception {
        start(Optional.of(KEY));
        assertThat(send("POST", "/register", BODY, KEY, System.currentTimeMillis())
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> peers = send("GET", "/peers", null, KEY, System.currentTimeMillis());
        assertThat(peers.statusCode()).isEqualTo(200);
        assertThat(peers.body()).contains("localhost:9001");

        HttpResponse<String> unsigned = send("POST", "/register", BODY, null, 0);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).startsWith("unauthenticated: no X-Cluster-Auth header");
        assertThat(send("GET", "/peers", null, null, 0).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/heartbeat", BODY, ClusterKey.generate(new Random(99)), System.currentTimeMillis())
                        .statusCode())
                .as("another key")
                .isEqualTo(401);
        assertThat(send("POST", "/deregister", BODY, KEY, System.currentTimeMillis() - 60_000)
                        .statusCode())
                .as("signed a minute ago: a replay")
                .isEqualTo(401);

        assertThat(count("missing")).isEqualTo(2);
        assertThat(count("unknown_key")).isEqualTo(1);
        assertThat(count("stale")).isEqualTo(1);
        assertThat(server.registry().livePeers())
                .as("nothing unsigned changed the list")
                .hasSize(1);
        assertThat(send("GET", "/health", null, null, 0).statusCode())
                .as("health is open")
                .isEqualTo(200);
        assertThat(send("GET", "/metrics", null, null, 0).body())
                .contains("discovery_requests_unauthenticated_total{reason=\"missing\"} 2.0");
    }

    @Test
    void withoutAKeyEveryRequestIsAnsweredAsBefore() throws Exception {
        start(Optional.empty());
        assertThat(send("POST", "/register", BODY, null, 0).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/heartbeat", BODY, KEY, System.currentTimeMillis())
                        .statusCode())
                .as("a signature is not read")
                .isEqualTo(200);
    }

    @Test
    void theKeyRotatesThroughTheAdminEndpoints() throws Exception {
        start(Optional.of(KEY));
        assertThat(send("POST", "/register", BODY, NEW, System.currentTimeMillis())
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> installed =
                send("POST", "/admin/keys/install", "{\"key\":\"" + NEW.base64() + "\"}", null, 0);
        assertThat(installed.statusCode()).isEqualTo(200);
        assertThat(installed.body()).doesNotContain(NEW.base64()).contains(NEW.fingerprint());
        assertThat(send("POST", "/register", BODY, NEW, System.currentTimeMillis())
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/admin/keys/use", "{\"fingerprint\":\"" + NEW.fingerprint() + "\"}", null, 0)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/admin/keys/remove", "{\"fingerprint\":\"" + KEY.fingerprint() + "\"}", null, 0)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/heartbeat", BODY, KEY, System.currentTimeMillis())
                        .statusCode())
                .as("the removed key")
                .isEqualTo(401);
        assertThat(send("GET", "/admin/keys", null, null, 0).body())
                .isEqualTo("Keys: primary " + NEW.fingerprint() + "; installed (1) " + NEW.fingerprint() + "\n");
    }

    @Test
    void aBadKeyFileIsAUsageError() throws Exception {
        Path shortKey = Files.writeString(dir.resolve("short.key"), "c2hvcnQ=\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DiscoveryMain.run(
                new String[] {"--cluster-key-file=" + shortKey}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("discovery-server: --cluster-key-file: " + shortKey + ": the key is too short")
                .hasLineCount(1);

        Path good = dir.resolve("cluster.key");
        ClusterKeyFile.create(good, KEY);
        assertThat(DiscoveryCommand.parse("--cluster-key-file", good.toString()).clusterKey())
                .contains(KEY);
    }

    private HttpResponse<String> send(String method, String path, String body, ClusterKey key, long at)
            throws Exception {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(bytes));
        if (key != null) {
            request.header(RequestSignature.HEADER, RequestSignature.sign(key, method, path, at, bytes));
        }
        return client.send(request.build(), BodyHandlers.ofString());
    }

    private double count(String reason) {
        return registry.get("discovery.requests.unauthenticated")
                .tag("reason", reason)
                .counter()
                .count();
    }
}

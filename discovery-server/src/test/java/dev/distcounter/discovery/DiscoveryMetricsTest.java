package dev.distcounter.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /metrics} of the discovery server: its own counts, its requests, the process. */
class DiscoveryMetricsTest {
    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    DiscoveryServer server;
    URI base;

    void start(Duration cleanup) throws Exception {
        server = new DiscoveryServer(DiscoveryConfig.loopback(cleanup), Clock.systemUTC(), registry).start();
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                .build();
        return client.send(request, BodyHandlers.ofString());
    }

    String scrape() throws Exception {
        HttpResponse<String> r = send("GET", "/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(PrometheusTextFormatWriter.CONTENT_TYPE);
        return r.body();
    }

    double counter(String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void registrationsHeartbeatsAndDeregistrationsAreCounted() throws Exception {
        start(Duration.ofMinutes(10));
        send("POST", "/register", "{\"addr\":\"localhost:9001\"}");
        send("POST", "/register", "{\"addr\":\"localhost:9002\"}");
        send("POST", "/heartbeat", "{\"addr\":\"localhost:9002\"}");
        send("POST", "/deregister", "{\"addr\":\"localhost:9001\"}");
        send("POST", "/deregister", "{\"addr\":\"localhost:9001\"}");
        send("POST", "/register", "not json");

        assertThat(counter("discovery.registrations"))
                .as("refused ones not counted")
                .isEqualTo(2);
        assertThat(counter("discovery.heartbeats")).isEqualTo(1);
        assertThat(counter("discovery.deregistrations"))
                .as("only a listed peer is removed")
                .isEqualTo(1);
        assertThat(registry.get("discovery.peers").gauge().value()).isEqualTo(1);
        await().untilAsserted(() -> assertThat(registry.get("http.server.requests")
                        .tags("route", "/register", "method", "POST", "status", "400")
                        .timer()
                        .count())
                .isEqualTo(1));
        String text = scrape();
        assertThat(text)
                .contains("discovery_registrations_total 2.0")
                .contains("discovery_peers 1.0")
                .contains("http_server_requests_seconds_count{")
                .contains("jvm_memory_used_bytes{")
                .contains("process_uptime_seconds ");
    }

    @Test
    void silentPeersDroppedByTheCleanupAreCountedAsExpiries() throws Exception {
        start(Duration.ofMillis(200));
        send("POST", "/register", "{\"addr\":\"localhost:9001\"}");
        send("POST", "/register", "{\"addr\":\"localhost:9002\"}");
        await().untilAsserted(() -> assertThat(counter("discovery.expiries")).isEqualTo(2));
        assertThat(scrape()).contains("discovery_expiries_total 2.0").contains("discovery_peers 0.0");
    }
}

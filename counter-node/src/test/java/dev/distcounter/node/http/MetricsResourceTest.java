package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.node.metrics.PrometheusText;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code /metrics}: the API's registry in the Prometheus text format, with what the API itself measured. */
class MetricsResourceTest extends RunningApiTest {
    PrometheusText scrape() throws Exception {
        HttpResponse<String> r = http.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return PrometheusText.parse(r.body());
    }

    @Test
    void servesThePrometheusTextFormatWithTheRegistrysContentType() throws Exception {
        HttpResponse<String> r = http.call("GET", "/metrics", "application/json", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .as("what the registry's text writer says it writes")
                .hasValue(PrometheusTextFormatWriter.CONTENT_TYPE);
        assertThat(r.body()).contains("# TYPE ").endsWith("\n").doesNotEndWith("\n\n");
        HttpResponse<String> head = http.call("HEAD", "/metrics", null, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void everyRequestIsTimedByRouteMethodAndStatus() throws Exception {
        http.get("/counter");
        http.get("/counter");
        http.call("DELETE", "/counter", null, null);
        http.get("/nope/42");
        // The observer runs once the reply is sent: wait until the scrape has all four.
        await().untilAsserted(() -> {
            PrometheusText metrics = scrape();
            String count = "http_server_requests_seconds_count";
            assertThat(metrics.value(count, "route", "/counter", "method", "GET", "status", "200"))
                    .isEqualTo(2);
            assertThat(metrics.value(count, "route", "/counter", "method", "DELETE", "status", "405"))
                    .isEqualTo(1);
            assertThat(metrics.value(count, "route", "unmatched", "method", "GET", "status", "404"))
                    .as("unknown paths share one series, whatever the path")
                    .isEqualTo(1);
        });
    }

    @Test
    void writesAreTimedUntilTheirReplyByOutcomeInAHistogram() throws Exception {
        http.get("/increment");
        http.get("/decrement?by=2");
        http.get("/increment?by=0");
        CompletableFuture<Object> neverDurable = new CompletableFuture<>();
        node.durability = u -> neverDurable;
        assertThat(http.get("/increment").statusCode())
                .as("times out after 300 ms")
                .isEqualTo(503);

        PrometheusText metrics = scrape();
        String count = "counter_writes_seconds_count";
        assertThat(metrics.value(count, "operation", "increment", "outcome", "applied"))
                .isEqualTo(1);
        assertThat(metrics.value(count, "operation", "decrement", "outcome", "applied"))
                .isEqualTo(1);
        assertThat(metrics.value(count, "operation", "increment", "outcome", "not_applied"))
                .as("by=0 is refused")
                .isEqualTo(1);
        assertThat(metrics.value(count, "operation", "increment", "outcome", "indeterminate"))
                .isEqualTo(1);
        assertThat(metrics.value("counter_writes_seconds_sum", "operation", "increment", "outcome", "indeterminate"))
                .as("the timed-out write waited for its write timeout")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos() / 1e9);
        assertThat(metrics.value(
                        "counter_writes_seconds_bucket", "operation", "increment", "outcome", "applied", "le", "+Inf"))
                .as("a histogram, for percentiles across nodes")
                .isEqualTo(1);
    }
}

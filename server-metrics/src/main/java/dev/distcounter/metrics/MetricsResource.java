package dev.distcounter.metrics;

import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Route;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/**
 * {@code GET|HEAD /metrics}: every meter of a server (a node or the discovery server) in the
 * Prometheus text exposition format, for a Prometheus server to scrape (names, tags and meanings in
 * docs/operations.md). The text is built when asked for, on the HTTP thread; gauges read only
 * thread-safe state.
 */
public final class MetricsResource {
    /** The Prometheus text format 0.0.4, which {@link PrometheusMeterRegistry#scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsResource(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public Route route() {
        return Route.at("/metrics").on("GET", request -> scrape()).withHead();
    }

    private Reply scrape() {
        String text = registry.scrape();
        // A text reply gets its final newline from the server.
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Reply.text(200, body).withHeaders(Map.of("Content-Type", CONTENT_TYPE));
    }
}

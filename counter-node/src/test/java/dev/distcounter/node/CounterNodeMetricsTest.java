package dev.distcounter.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.http.HttpConfig;
import dev.distcounter.node.metrics.PrometheusText;
import dev.distcounter.testsupport.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes in this JVM (TCP gossip, a WAL each, HTTP): {@code /metrics} has the meters of
 * every part, and {@code /health} shows the same figures, since it reads them from the meters.
 */
class CounterNodeMetricsTest {
    final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final List<CounterNode> nodes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        nodes.forEach(CounterNode::close);
    }

    CounterNode start(NodeAddress self, NodeAddress peer) throws IOException {
        NodeConfig parsed = NodeConfigs.parse(
                "--addr=" + self,
                "--seeds=" + peer,
                "--discovery=none",
                "--sync=200ms",
                "--wal-dir=" + dir.resolve("node-" + self.port()));
        NodeConfig config = new NodeConfig(
                parsed.member(),
                parsed.discovery(),
                parsed.seeds(),
                parsed.storage(),
                new HttpConfig("127.0.0.1", 0, 4, Duration.ofSeconds(10), "", false),
                parsed.transport());
        CounterNode node = CounterNode.start(config);
        nodes.add(node);
        return node;
    }

    HttpResponse<String> get(CounterNode node, String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    PrometheusText scrape(CounterNode node) throws Exception {
        return PrometheusText.parse(get(node, "/metrics", null).body());
    }

    @Test
    void everyPartOfANodeShowsInItsMetricsAndHealthReadsTheSameFigures() throws Exception {
        NodeAddress a = new NodeAddress("127.0.0.1", LoopbackPorts.next());
        NodeAddress b = new NodeAddress("127.0.0.1", LoopbackPorts.next());
        CounterNode nodeA = start(a, b);
        CounterNode nodeB = start(b, a);
        for (int i = 0; i < 3; i++) {
            assertThat(get(nodeA, "/increment", null).statusCode()).isEqualTo(200);
        }
        await("node B has the three increments")
                .until(() -> get(nodeB, "/counter", null).body().equals("Counter: 3 (version 3)\n"));

        PrometheusText metrics = scrape(nodeA);
        assertThat(metrics.value("counter_value")).isEqualTo(3);
        assertThat(metrics.value("counter_version")).isEqualTo(3);
        assertThat(metrics.value("counter_writes_seconds_count", "operation", "increment", "outcome", "applied"))
                .isEqualTo(3);
        assertThat(metrics.value(
                        "http_server_requests_seconds_count", "route", "/increment", "method", "GET", "status", "200"))
                .isEqualTo(3);
        assertThat(metrics.value("wal_appends_total"))
                .as("the incarnation record, then one record per increment")
                .isGreaterThanOrEqualTo(4);
        assertThat(metrics.value("wal_fsync_seconds_count")).isPositive();
        assertThat(metrics.value("wal_batch_records_sum")).isEqualTo(metrics.value("wal_appends_total"));
        // B may have had the increments from A's PUSH or from A's next PULL, which carries A's state
        // too: which one depends on whether A saw B alive when it pushed.
        assertThat(metrics.value("gossip_frames_sent_total", "type", "push")
                        + metrics.value("gossip_frames_sent_total", "type", "pull"))
                .isPositive();
        assertThat(metrics.value("membership_members", "state", "alive")).isEqualTo(1);
        System.gc(); // gauges must not read NaN once what they read from is only theirs
        metrics = scrape(nodeA);
        assertThat(metrics.value("kv_hints_pending")).isZero();
        assertThat(metrics.value("kv_write_bytes_held_bytes")).isZero();
        assertThat(Files.isDirectory(dir.resolve("node-" + a.port()).resolve("hints")))
                .as("the hint log beside the replica log")
                .isTrue();
        assertThat(metrics.has("election_term")).isTrue();
        assertThat(metrics.has("election_leading")).isTrue();
        assertThat(metrics.sum("jvm_memory_used_bytes")).isPositive();
        assertThat(metrics.value("process_uptime_seconds")).isPositive();
        assertThat(metrics.sum("jvm_threads_live_threads")).isPositive();
        assertThat(scrape(nodeB).value("wal_appends_total"))
                .as("node B logged what it merged: each node has a registry of its own")
                .isGreaterThanOrEqualTo(2);

        // /health reads the meters: between two scrapes, its counts lie between theirs.
        PrometheusText before = scrape(nodeA);
        JsonNode health =
                Json.MAPPER.readTree(get(nodeA, "/health", "application/json").body());
        PrometheusText after = scrape(nodeA);
        assertBetween(health.at("/gossip/rounds"), before, after, "gossip_rounds_total");
        assertBetween(health.at("/gossip/pushes"), before, after, "gossip_pushes_total");
        assertBetween(health.at("/transport/framesSent"), before, after, "gossip_frames_sent_total");
        assertBetween(health.at("/transport/framesReceived"), before, after, "gossip_frames_received_total");
        assertThat(health.at("/gossip/framesIn").asLong())
                .isBetween(
                        (long) (before.value("gossip_frames_processed_total", "type", "pull")
                                + before.value("gossip_frames_processed_total", "type", "push")),
                        (long) (after.value("gossip_frames_processed_total", "type", "pull")
                                + after.value("gossip_frames_processed_total", "type", "push")));
        assertThat(health.at("/gossip/badFrames").asLong()).isZero();
        assertThat(health.at("/value").asLong()).isEqualTo(3);
    }

    private static void assertBetween(JsonNode figure, PrometheusText before, PrometheusText after, String series) {
        assertThat(figure.isNumber()).as("%s is a number", figure).isTrue();
        assertThat(figure.asLong()).as(series).isBetween((long) before.sum(series), (long) after.sum(series));
    }
}

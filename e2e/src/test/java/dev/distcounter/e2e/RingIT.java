package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Leaving and removing on the real jars: four nodes ({@code -N 3 -R 2 -W 2}, seeded, no discovery
 * server) holding acknowledged keys. A node asked to leave ({@code POST /admin/leave}) answers
 * 202 once its keys are handed over and exits 0; a SIGKILLed node removed by an operator
 * ({@code POST /admin/remove}) has its ranges rebuilt. Either way, with no client read, every
 * survivor ends up holding every key at its acknowledged version (three survivors, N=3).
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RingIT extends ClusterIT {
    private static final String TAG = "[RingIT]";
    private static final Duration RING_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(90);
    private static final int KEYS = 200;

    private KeyspaceClient keys;

    @Test
    void aNodeThatLeavesHandsItsKeysOverAndExits0() throws Exception {
        List<NodeProcess> nodes = startFourNodes();
        Map<String, Long> acknowledged = acknowledgedPuts(nodes.get(0));
        NodeProcess leaver = nodes.get(3);

        HttpReply left = cluster.client()
                .send("POST", leaver.uri("/admin/leave"), null, LEAVE_TIMEOUT, "Accept", "application/json");
        assertThat(left.status()).as("POST /admin/leave: %s", left).isEqualTo(202);
        JsonNode report = Json.MAPPER.readTree(left.body());
        assertThat(report.path("settled").asBoolean()).as("%s", left.body()).isTrue();
        assertThat(report.path("failed").asLong()).isZero();
        assertThat(leaver.process().waitFor(30, TimeUnit.SECONDS))
                .as("%s exits", leaver)
                .isTrue();
        assertThat(leaver.process().exitValue()).isZero();

        List<NodeProcess> survivors = nodes.subList(0, 3);
        awaitRingStatus(survivors, leaver.addr(), "left");
        awaitEveryKeyHeldBy(survivors, acknowledged);
        System.out.printf("%s leave: %s; %d keys on every survivor%n", TAG, left.line(), acknowledged.size());
    }

    @Test
    void aRemovedNodesRangesAreRebuiltFromTheSurvivors() throws Exception {
        List<NodeProcess> nodes = startFourNodes();
        Map<String, Long> acknowledged = acknowledgedPuts(nodes.get(0));
        NodeProcess dead = nodes.get(3);
        NodeProcess operator = nodes.get(0);
        dead.sigkill();

        assertThat(remove(operator, operator.addr()).status())
                .as("removing itself")
                .isEqualTo(409);
        assertThat(remove(operator, "localhost:1").status())
                .as("an unknown node")
                .isEqualTo(404);
        assertThat(remove(operator, "no port").status()).as("a bad address").isEqualTo(400);
        HttpReply removed = remove(operator, dead.addr());
        assertThat(removed.status()).as("POST /admin/remove: %s", removed).isEqualTo(200);

        List<NodeProcess> survivors = nodes.subList(0, 3);
        awaitRingStatus(survivors, dead.addr(), "removed");
        awaitEveryKeyHeldBy(survivors, acknowledged);
        System.out.printf("%s remove: %s; %d keys on every survivor%n", TAG, removed.line(), acknowledged.size());
    }

    private HttpReply remove(NodeProcess through, String member) throws IOException, InterruptedException {
        String query =
                "/admin/remove?node=" + java.net.URLEncoder.encode(member, java.nio.charset.StandardCharsets.UTF_8);
        return cluster.client().send("POST", through.uri(query), null, CounterClient.READ_TIMEOUT);
    }

    private List<NodeProcess> startFourNodes() throws IOException {
        keys = new KeyspaceClient(cluster.client());
        NodeProcess node1 =
                cluster.launchNodeWithoutDiscovery("node-1", "-id", "node-1", "-N", "3", "-R", "2", "-W", "2");
        List<NodeProcess> nodes = new ArrayList<>(List.of(node1));
        for (String name : List.of("node-2", "node-3", "node-4")) {
            nodes.add(cluster.launchNodeWithoutDiscovery(
                    name, "-id", name, "-seed", node1.addr(), "-N", "3", "-R", "2", "-W", "2"));
        }
        nodes.forEach(cluster::awaitReady);
        await("every ring holding the four nodes")
                .atMost(RING_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    for (NodeProcess node : nodes) {
                        assertThat(keys.ringPeers(node)).as("%s's ring", node).hasSize(3);
                    }
                });
        return nodes;
    }

    private Map<String, Long> acknowledgedPuts(NodeProcess coordinator) throws InterruptedException {
        Map<String, Long> acknowledged = new LinkedHashMap<>();
        for (int k = 0; k < KEYS; k++) {
            KeyspaceClient.Put put = keys.acknowledgedPut(coordinator, "ring-" + k, "value-" + k);
            acknowledged.put(put.key(), put.version());
        }
        return acknowledged;
    }

    /** Until each of {@code nodes} shows {@code member} with {@code status} in its ring membership, and off its ring. */
    private void awaitRingStatus(List<NodeProcess> nodes, String member, String status) {
        await(member + " " + status + " everywhere")
                .atMost(RING_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    for (NodeProcess node : nodes) {
                        JsonNode keyspace = cluster(node).path("keyspace");
                        String seen = "";
                        for (JsonNode row : keyspace.path("membership")) {
                            if (row.path("node").asText().equals(member)) {
                                seen = row.path("status").asText();
                            }
                        }
                        assertThat(seen)
                                .as("%s's ring membership of %s", node, member)
                                .isEqualTo(status);
                        assertThat(keys.ringPeers(node)).as("%s's ring", node).hasSize(2);
                    }
                });
    }

    private JsonNode cluster(NodeProcess node) throws IOException, InterruptedException {
        HttpReply reply = cluster.client().get(node.uri("/cluster"), "Accept", "application/json");
        return Json.MAPPER.readTree(reply.body());
    }

    /** Until every node holds every key at its acknowledged version, asked with {@code /kv/replica} (no read repair). */
    private void awaitEveryKeyHeldBy(List<NodeProcess> nodes, Map<String, Long> acknowledged) {
        await("every key on every survivor")
                .atMost(RING_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<String> missing = new ArrayList<>();
                    for (NodeProcess node : nodes) {
                        for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                            JsonNode held = Json.MAPPER.readTree(cluster.client()
                                    .get(node.uri("/kv/replica/" + ack.getKey()), "Accept", "application/json")
                                    .body());
                            if (!held.path("held").asBoolean()
                                    || held.path("version").asLong() < ack.getValue()) {
                                missing.add(node.name() + ":" + ack.getKey());
                            }
                        }
                    }
                    assertThat(missing)
                            .as("(node, key) pairs without the acknowledged version")
                            .isEmpty();
                });
    }
}

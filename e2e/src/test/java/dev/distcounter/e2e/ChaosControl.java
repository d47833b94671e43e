package dev.distcounter.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * {@code POST /admin/chaos} on running nodes: loss, and partitions (each node of one side blocking
 * every node of the other). Every call fails unless the node answers 200.
 */
final class ChaosControl {
    static final String HEAL = "{\"drop\":0,\"delay\":\"0s\",\"blocked\":[]}";

    private ChaosControl() {}

    /** Posts {@code json} to the node's /admin/chaos. */
    static void set(CounterClient client, NodeProcess node, String json) throws IOException, InterruptedException {
        HttpReply reply = client.send(
                "POST",
                node.uri("/admin/chaos"),
                json.getBytes(StandardCharsets.UTF_8),
                CounterClient.READ_TIMEOUT,
                "Content-Type",
                "application/json");
        if (reply.status() != 200) {
            throw new AssertionError(node + ": POST /admin/chaos " + json + " answered " + reply + ", expected 200");
        }
    }

    /** Clears drop, delay and blocked peers on every node given. */
    static void heal(CounterClient client, Collection<NodeProcess> nodes) throws IOException, InterruptedException {
        for (NodeProcess node : nodes) {
            set(client, node, HEAL);
        }
    }

    /** Every node given drops this fraction of its outbound frames. */
    static void drop(CounterClient client, Collection<NodeProcess> nodes, double drop)
            throws IOException, InterruptedException {
        for (NodeProcess node : nodes) {
            set(client, node, "{\"drop\":" + drop + "}");
        }
    }

    /** Cuts every link between the two sides, in both directions. */
    static void partition(CounterClient client, Collection<NodeProcess> sideA, Collection<NodeProcess> sideB)
            throws IOException, InterruptedException {
        for (NodeProcess node : sideA) {
            set(client, node, blocking(sideB));
        }
        for (NodeProcess node : sideB) {
            set(client, node, blocking(sideA));
        }
    }

    private static String blocking(Collection<NodeProcess> others) {
        return others.stream()
                .map(n -> "\"" + n.addr() + "\"")
                .collect(Collectors.joining(",", "{\"blocked\":[", "]}"));
    }
}

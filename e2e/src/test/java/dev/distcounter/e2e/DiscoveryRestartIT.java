package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The discovery server dies (SIGKILL) during a run: the nodes keep gossiping with the peers they
 * know and keep converging; a new discovery server on the same port is repopulated by the nodes'
 * heartbeats within a few seconds.
 *
 * <p>Guarantees: docs/guarantees.md §4.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DiscoveryRestartIT extends ClusterIT {
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration REREGISTER_LIMIT = Duration.ofSeconds(5);
    /** The nodes' default heartbeat (and discovery heartbeat) interval. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    @Test
    void clusterKeepsConvergingWhileDiscoveryIsDownAndReregistersAfterItsRestart() throws Exception {
        CounterClient client = cluster.client();
        DiscoveryProcess discovery = cluster.startDiscovery();
        List<NodeProcess> nodes =
                List.of(cluster.startNode("node1"), cluster.startNode("node2"), cluster.startNode("node3"));
        cluster.awaitFullPeerViews(Duration.ofSeconds(15));
        List<String> addrs = nodes.stream().map(NodeProcess::addr).sorted().toList();
        assertThat(discovery.peers(client)).containsExactlyInAnyOrderElementsOf(addrs);

        // Kill the discovery server in the middle of a load.
        IncrementLoad load = new IncrementLoad(client, nodes, 3, 300).start();
        await("load reaching 200 acknowledged")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> load.acknowledged() >= 200);
        discovery.sigkill();
        IncrementLoad.Result result = load.await(Duration.ofSeconds(60));
        System.out.println("[DiscoveryRestartIT] load across the discovery kill: " + result);
        assertThat(result.acknowledged())
                .as("every increment acknowledged: " + result.sampleProblems())
                .isEqualTo(result.requests());
        long expected = result.acknowledged();
        cluster.awaitConvergence(expected, CONVERGENCE_TIMEOUT);

        // Several heartbeat intervals without discovery: still converging, and every node keeps
        // its peers all along, not only when the rounds are over.
        for (int round = 0; round < 3; round++) {
            NodeProcess node = nodes.get(round);
            client.increment(node, round + 1);
            expected += round + 1;
            cluster.awaitConvergence(expected, CONVERGENCE_TIMEOUT);
            await("every node listing the other two for a heartbeat interval, round " + round)
                    .during(HEARTBEAT)
                    .atMost(HEARTBEAT.plus(CONVERGENCE_TIMEOUT))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertPeersKnown(client, nodes, addrs));
        }
        for (NodeProcess node : nodes) {
            assertThat(node.logLines())
                    .as(node + " log while discovery is down")
                    .anyMatch(l -> l.contains("WARN") && l.contains("discovery server") && l.contains("unreachable"));
        }

        long launched = System.nanoTime();
        cluster.restartDiscovery();
        long answering = System.nanoTime();
        awaitDiscoveryLists(discovery, addrs, Duration.ofSeconds(15));
        // From the moment it answers: how long its JVM takes to start on a busy machine is not
        // the nodes' doing, re-registering is.
        Duration reregistered = Duration.ofNanos(System.nanoTime() - answering);
        System.out.printf(
                "[DiscoveryRestartIT] restarted discovery: ready %d ms after its launch, lists all 3 nodes %d ms"
                        + " after that%n",
                Duration.ofNanos(answering - launched).toMillis(), reregistered.toMillis());
        assertThat(reregistered)
                .as("time from the relaunched discovery answering until it lists all 3 nodes")
                .isLessThanOrEqualTo(REREGISTER_LIMIT);

        for (int round = 0; round < 3; round++) {
            client.decrement(nodes.get(2 - round), 2);
            expected -= 2;
        }
        cluster.awaitConvergence(expected, CONVERGENCE_TIMEOUT);
    }

    private static void assertPeersKnown(CounterClient client, List<NodeProcess> nodes, List<String> addrs)
            throws Exception {
        for (NodeProcess node : nodes) {
            assertThat(client.peers(node))
                    .as("/peers of " + node + " while discovery is down")
                    .containsExactlyInAnyOrderElementsOf(
                            addrs.stream().filter(a -> !a.equals(node.addr())).toList());
        }
    }

    private void awaitDiscoveryLists(DiscoveryProcess discovery, List<String> addrs, Duration timeout) {
        try {
            await("restarted discovery listing " + addrs)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(discovery.peers(cluster.client()))
                            .as("restarted discovery's /peers")
                            .containsAll(addrs));
        } catch (ConditionTimeoutException e) {
            throw cluster.timedOut(e);
        }
    }
}

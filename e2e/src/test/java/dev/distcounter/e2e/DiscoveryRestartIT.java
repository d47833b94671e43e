package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The discovery server dies (SIGKILL) during a run: the nodes keep gossiping with the peers they
 * know and keep converging; a new discovery server on the same port is repopulated by the nodes'
 * heartbeats within a few seconds.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DiscoveryRestartIT extends ClusterIT {
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration REREGISTER_LIMIT = Duration.ofSeconds(5);

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
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (load.acknowledged() < 200) {
            assertThat(System.nanoTime()).as("load reaching 200 acknowledged").isLessThan(deadline);
            Thread.sleep(5);
        }
        discovery.sigkill();
        IncrementLoad.Result result = load.await(Duration.ofSeconds(60));
        System.out.println("[DiscoveryRestartIT] load across the discovery kill: " + result);
        assertThat(result.acknowledged())
                .as("every increment acknowledged: " + result.sampleProblems())
                .isEqualTo(result.requests());
        long expected = result.acknowledged();
        cluster.awaitConvergence(expected, CONVERGENCE_TIMEOUT);

        // Several heartbeat intervals without discovery: still converging, peers still known.
        for (int round = 0; round < 3; round++) {
            NodeProcess node = nodes.get(round);
            client.increment(node, round + 1);
            expected += round + 1;
            cluster.awaitConvergence(expected, CONVERGENCE_TIMEOUT);
            Thread.sleep(1000);
        }
        for (NodeProcess node : nodes) {
            assertThat(node.logLines())
                    .as(node + " log while discovery is down")
                    .anyMatch(l -> l.contains("WARN") && l.contains("discovery server") && l.contains("unreachable"));
            assertThat(client.peers(node))
                    .as("/peers of " + node + " while discovery is down")
                    .containsExactlyInAnyOrderElementsOf(
                            addrs.stream().filter(a -> !a.equals(node.addr())).toList());
        }

        long launched = System.nanoTime();
        cluster.restartDiscovery();
        Duration ready = Duration.ofNanos(System.nanoTime() - launched);
        awaitDiscoveryLists(discovery, addrs, Duration.ofSeconds(15));
        Duration reregistered = Duration.ofNanos(System.nanoTime() - launched);
        System.out.printf(
                "[DiscoveryRestartIT] restarted discovery: ready %d ms, lists all 3 nodes %d ms after"
                        + " its launch%n",
                ready.toMillis(), reregistered.toMillis());
        assertThat(reregistered)
                .as("time from relaunching discovery until it lists all 3 nodes")
                .isLessThanOrEqualTo(REREGISTER_LIMIT);

        for (int round = 0; round < 3; round++) {
            client.decrement(nodes.get(2 - round), 2);
            expected -= 2;
        }
        cluster.awaitConvergence(expected, CONVERGENCE_TIMEOUT);
    }

    private void awaitDiscoveryLists(DiscoveryProcess discovery, List<String> addrs, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> last = discovery.peers(cluster.client());
            if (last.containsAll(addrs)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("restarted discovery lists " + last + " after " + timeout + ", expected "
                        + addrs + "\n" + cluster.report());
            }
            Thread.sleep(50);
        }
    }
}

package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.common.http.WriteOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The keyspace on the real jars: three nodes started with GoDist's flags ({@code -id node-1 -N 3
 * -R 2 -W 2}, the others with {@code -seed} and no discovery server), so every node holds every
 * key. GoDist's demo as a test, then SIGKILL of a replica under concurrent puts: no acknowledged
 * put is lost, even when the restarted replica is one of the only two left to read from.
 *
 * <p>Guarantees: docs/guarantees.md §13.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeyspaceIT extends ClusterIT {
    private static final String TAG = "[KeyspaceIT]";
    private static final Duration RING_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);
    /** Acknowledged puts in each phase of the load: before the kill, while down, after the restart. */
    private static final long PHASE_PUTS = 150;

    private KeyspaceClient keys;

    /** GoDist's README: put on one node, read on another, kill one, put on a third, read on the first. */
    @Test
    void godistsDemoPutReadKillPutReadAndTheRestartedNodeReadsTheLatest() throws Exception {
        List<NodeProcess> nodes = startThreeNodes();
        NodeProcess node1 = nodes.get(0);
        NodeProcess node2 = nodes.get(1);
        NodeProcess node3 = nodes.get(2);

        KeyspaceClient.Put first = keys.acknowledgedPut(node1, "alpha", "first");
        KeyspaceClient.Read onNode2 = keys.get(node2, "alpha");
        assertThat(onNode2.value()).as("alpha read on node-2: %s", onNode2).isEqualTo("first");
        assertThat(onNode2.version()).isEqualTo(first.version());

        node2.sigkill();
        KeyspaceClient.Put second = keys.acknowledgedPut(node3, "alpha", "second");
        assertThat(second.version()).as("the second put's version").isGreaterThan(first.version());
        KeyspaceClient.Read onNode1 = keys.get(node1, "alpha");
        assertThat(onNode1.value())
                .as("alpha read on node-1 with node-2 down: %s", onNode1)
                .isEqualTo("second");
        assertThat(onNode1.version()).isEqualTo(second.version());

        // node-2's log still says "first": a read through it must show the newer "second".
        cluster.restart(node2);
        // Alive again on every ring, its own included (GoDist kept a restarted node dead).
        awaitRing(nodes, 2);
        KeyspaceClient.Read restarted = keys.get(node2, "alpha");
        System.out.printf(
                "%s demo: put first v%d, read on node-2 v%d; node-2 killed; put second v%d, read on node-1 v%d;"
                        + " node-2 restarted reads %s%n",
                TAG, first.version(), onNode2.version(), second.version(), onNode1.version(), restarted);
        assertThat(restarted.value())
                .as("alpha read on the restarted node-2: %s", restarted)
                .isEqualTo("second");
        assertThat(restarted.version()).isEqualTo(second.version());
    }

    @Test
    void sigkillOfAReplicaDuringPutsLosesNoAcknowledgedPut() throws Exception {
        List<NodeProcess> nodes = startThreeNodes();
        NodeProcess victim = nodes.get(2);
        KeyspaceWriteLoad load =
                new KeyspaceWriteLoad(keys, List.of(nodes.get(0), nodes.get(1)), 6, System.nanoTime()).start();
        awaitAcknowledged(load, PHASE_PUTS, "before the kill");
        victim.sigkill();
        long killedNanos = System.nanoTime();
        long atKill = load.acknowledged();
        awaitAcknowledged(load, atKill + PHASE_PUTS, "with " + victim + " down");
        cluster.restart(victim);
        long downMillis = (System.nanoTime() - killedNanos) / 1_000_000;
        long atReady = load.acknowledged();
        awaitAcknowledged(load, atReady + PHASE_PUTS, "after " + victim + "'s restart");
        load.stop();
        List<KeyspaceClient.Put> puts = load.await(LOAD_TIMEOUT);

        Map<WriteOutcome, Long> outcomes =
                puts.stream().collect(Collectors.groupingBy(KeyspaceClient.Put::outcome, Collectors.counting()));
        List<KeyspaceClient.Put> refused = puts.stream()
                .filter(p -> p.status() != 200 && p.status() != 503 && p.status() != 0)
                .toList();
        assertThat(refused).as("puts answered neither 200 nor 503").isEmpty();

        // Every key read back with node-1 down too: a read quorum is then node-2 and the restarted
        // node-3, whose log must hold whatever it acknowledged before it was killed.
        awaitRing(List.of(victim), 2);
        nodes.get(0).sigkill();
        List<NodeProcess> survivors = List.of(nodes.get(1), victim);
        AcknowledgedPuts acknowledged = new AcknowledgedPuts(puts);
        List<String> toRead = acknowledged.keysToRead();
        long readStart = System.nanoTime();
        Map<String, KeyspaceClient.Read> finals = readAll(toRead, survivors);
        long readMillis = (System.nanoTime() - readStart) / 1_000_000;
        List<String> violations = new ArrayList<>();
        finals.forEach((key, read) -> violations.addAll(acknowledged.violations(key, read)));
        System.out.printf(
                "%s %d puts: %d acknowledged, %d indeterminate, %d not applied (%d acknowledged before the kill, %d"
                        + " in the %d ms %s was down, restart included, %d after); %d keys read back in %d ms:"
                        + " %d violations%n",
                TAG,
                puts.size(),
                outcomes.getOrDefault(WriteOutcome.APPLIED, 0L),
                outcomes.getOrDefault(WriteOutcome.INDETERMINATE, 0L),
                outcomes.getOrDefault(WriteOutcome.NOT_APPLIED, 0L),
                atKill,
                atReady - atKill,
                downMillis,
                victim.name(),
                outcomes.getOrDefault(WriteOutcome.APPLIED, 0L) - atReady,
                toRead.size(),
                readMillis,
                violations.size());
        assertThat(violations).as("acknowledged puts lost or misread").isEmpty();
    }

    /** Three nodes with GoDist's flags, started side by side, each with every other on its ring. */
    private List<NodeProcess> startThreeNodes() throws IOException {
        keys = new KeyspaceClient(cluster.client());
        NodeProcess node1 =
                cluster.launchNodeWithoutDiscovery("node-1", "-id", "node-1", "-N", "3", "-R", "2", "-W", "2");
        List<NodeProcess> nodes = new ArrayList<>(List.of(node1));
        for (String name : List.of("node-2", "node-3")) {
            nodes.add(cluster.launchNodeWithoutDiscovery(
                    name, "-id", name, "-seed", node1.addr(), "-N", "3", "-R", "2", "-W", "2"));
        }
        nodes.forEach(cluster::awaitReady);
        awaitRing(nodes, 2);
        return nodes;
    }

    /** Until each of {@code nodes} has {@code peers} other members on its ring, all alive. */
    private void awaitRing(List<NodeProcess> nodes, int peers) {
        await("every node's ring holding " + peers + " live peers")
                .atMost(RING_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    for (NodeProcess node : nodes) {
                        List<String> ring = keys.ringPeers(node);
                        assertThat(ring).as("%s's ring", node).hasSize(peers).allMatch(p -> p.endsWith(" alive"));
                    }
                });
    }

    private static void awaitAcknowledged(KeyspaceWriteLoad load, long target, String when) {
        await(target + " acknowledged puts " + when)
                .atMost(LOAD_TIMEOUT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> load.acknowledged() >= target);
    }

    /** The read of every key, R=2, spread over {@code nodes} as coordinators, four at a time. */
    private Map<String, KeyspaceClient.Read> readAll(List<String> toRead, List<NodeProcess> nodes)
            throws InterruptedException {
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<Future<KeyspaceClient.Read>> reads = new ArrayList<>();
            for (int i = 0; i < toRead.size(); i++) {
                String key = toRead.get(i);
                NodeProcess node = nodes.get(i % nodes.size());
                reads.add(readers.submit(() -> keys.get(node, key)));
            }
            Map<String, KeyspaceClient.Read> finals = new java.util.LinkedHashMap<>();
            for (int i = 0; i < toRead.size(); i++) {
                try {
                    finals.put(
                            toRead.get(i), reads.get(i).get(KeyspaceClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("reading " + toRead.get(i) + " back", e);
                }
            }
            return finals;
        } finally {
            readers.shutdownNow();
        }
    }
}

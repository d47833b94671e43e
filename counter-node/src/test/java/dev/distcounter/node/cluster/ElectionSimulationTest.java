package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.transport.LinkFaults;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Bully election, in virtual time: the highest live id leads; split brain under partition. */
class ElectionSimulationTest {
    static final GossipConfig GOSSIP = new GossipConfig(Duration.ofSeconds(2), 2, 8, Duration.ofMillis(2));

    static Set<Optional<NodeAddress>> leaders(InMemoryCluster cluster, List<Integer> nodes) {
        return nodes.stream().map(i -> cluster.node(i).leadership().leader()).collect(Collectors.toSet());
    }

    static long untilSingleLeader(InMemoryCluster cluster, List<Integer> nodes, NodeAddress expected) {
        return MembershipSimulationTest.timeUntil(
                cluster,
                () -> leaders(cluster, nodes).equals(Set.of(Optional.of(expected))),
                Duration.ofSeconds(30),
                "a single leader " + expected + " on " + nodes);
    }

    @Test
    void theHighestNodeLeadsAfterStart() {
        try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, 31)) {
            long took = untilSingleLeader(
                    cluster, List.of(0, 1, 2, 3, 4), cluster.node(4).address());
            assertThat(took).isLessThan(5_000);
            long term = cluster.node(0).leadership().term();
            assertThat(List.of(1, 2, 3, 4))
                    .allSatisfy(
                            i -> assertThat(cluster.node(i).leadership().term()).isEqualTo(term));
        }
    }

    @Test
    void whenTheLeaderCrashesTheNextHighestTakesOver() {
        try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, 32)) {
            untilSingleLeader(cluster, List.of(0, 1, 2, 3, 4), cluster.node(4).address());
            long termBefore = cluster.node(0).leadership().term();
            cluster.crash(4);
            long took = untilSingleLeader(
                    cluster, List.of(0, 1, 2, 3), cluster.node(3).address());
            // suspicion (at most 3 s of silence) plus the answer timeout (1 s), with a margin
            assertThat(took).isLessThan(6_000);
            assertThat(cluster.node(0).leadership().term()).isGreaterThan(termBefore);
        }
    }

    @Test
    void aPartitionElectsTwoLeadersAndHealingLeavesOne() {
        try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, 33)) {
            untilSingleLeader(cluster, List.of(0, 1, 2, 3, 4), cluster.node(4).address());
            cluster.partition(List.of(0, 1), List.of(2, 3, 4));
            untilSingleLeader(cluster, List.of(0, 1), cluster.node(1).address());
            untilSingleLeader(cluster, List.of(2, 3, 4), cluster.node(4).address());
            assertThat(leaders(cluster, List.of(0, 1, 2, 3, 4)))
                    .as("split brain: two leaders at once")
                    .hasSize(2);
            long highestTerm = List.of(0, 1, 2, 3, 4).stream()
                    .mapToLong(i -> cluster.node(i).leadership().term())
                    .max()
                    .orElseThrow();
            cluster.heal();
            untilSingleLeader(cluster, List.of(0, 1, 2, 3, 4), cluster.node(4).address());
            cluster.runFor(Duration.ofSeconds(5));
            assertThat(leaders(cluster, List.of(0, 1, 2, 3, 4)))
                    .containsExactly(Optional.of(cluster.node(4).address()));
            // The higher leader reminds the others; healing does not set off a round of elections.
            assertThat(cluster.node(4).leadership().term())
                    .as("term after healing")
                    .isLessThanOrEqualTo(highestTerm + 1);
        }
    }

    @Test
    void aReturningHigherNodeTakesTheLeadBack() {
        try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, 34)) {
            untilSingleLeader(cluster, List.of(0, 1, 2, 3, 4), cluster.node(4).address());
            cluster.crash(4);
            untilSingleLeader(cluster, List.of(0, 1, 2, 3), cluster.node(3).address());
            cluster.restartEmpty(4);
            untilSingleLeader(cluster, List.of(0, 1, 2, 3, 4), cluster.node(4).address());
        }
    }

    /**
     * A restarted node first knows most peers only from heartbeat member lists, without their
     * ids: it must not take a peer of unknown rank for a lower one and crown itself.
     */
    @Test
    void aRestartedLowerNodeDoesNotUsurpTheLead() {
        try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, 35)) {
            untilSingleLeader(cluster, List.of(0, 1, 2, 3, 4), cluster.node(4).address());
            long term = cluster.node(4).leadership().term();
            for (int restart = 0; restart < 3; restart++) {
                cluster.restartEmpty(2);
                for (int step = 0; step < 500; step++) {
                    cluster.runFor(Duration.ofMillis(10));
                    assertThat(cluster.node(2).leadership().leader())
                            .as("restart %d, after %d ms", restart, step * 10)
                            .isNotEqualTo(Optional.of(cluster.node(2).address()));
                }
                untilSingleLeader(
                        cluster, List.of(0, 1, 2, 3, 4), cluster.node(4).address());
            }
            assertThat(cluster.node(4).leadership().term())
                    .as("no election was needed")
                    .isEqualTo(term);
        }
    }

    @Test
    void underThirtyPercentLossOneLeaderEmergesOnceTheLossStops() {
        for (long seed = 1; seed <= 5; seed++) {
            try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, 40 + seed)) {
                cluster.setFaultsEverywhere(LinkFaults.lossy(0.3));
                cluster.runFor(Duration.ofMinutes(2));
                cluster.heal();
                untilSingleLeader(
                        cluster, List.of(0, 1, 2, 3, 4), cluster.node(4).address());
            }
        }
    }
}

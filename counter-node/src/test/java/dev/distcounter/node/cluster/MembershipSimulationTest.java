package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.membership.MemberState;
import dev.distcounter.node.membership.MembershipConfig;
import dev.distcounter.node.transport.DropReason;
import dev.distcounter.node.transport.LinkFaults;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Failure detection and membership gossip, in virtual time: deterministic, seeded. */
class MembershipSimulationTest {
    static final GossipConfig GOSSIP = new GossipConfig(Duration.ofSeconds(2), 2, 8, Duration.ofMillis(2));
    static final MembershipConfig DEFAULTS = MembershipConfig.defaults();

    /** Virtual milliseconds until {@code condition} holds (checked every 10 ms), failing after {@code limit}. */
    static long timeUntil(InMemoryCluster cluster, BooleanSupplier condition, Duration limit, String what) {
        long start = cluster.nowMillis();
        while (!condition.getAsBoolean()) {
            assertThat(cluster.nowMillis() - start).as(what).isLessThan(limit.toMillis());
            cluster.runFor(Duration.ofMillis(10));
        }
        return cluster.nowMillis() - start;
    }

    static boolean allSee(InMemoryCluster cluster, List<Integer> observers, NodeAddress peer, MemberState state) {
        return observers.stream()
                .allMatch(i -> cluster.node(i).peers().state(peer).orElse(null) == state);
    }

    @Test
    void aCrashedNodeIsSuspectedThenDeclaredDeadByEveryone() {
        try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, 21)) {
            cluster.runFor(Duration.ofSeconds(5));
            NodeAddress victim = cluster.node(2).address();
            List<Integer> others = List.of(0, 1, 3, 4);
            assertThat(allSee(cluster, others, victim, MemberState.ALIVE)).isTrue();
            cluster.crash(2);
            long suspect = timeUntil(
                    cluster,
                    () -> others.stream()
                            .allMatch(i -> cluster.node(i).peers().state(victim).orElseThrow() != MemberState.ALIVE),
                    Duration.ofSeconds(30),
                    "suspected by all");
            long dead = timeUntil(
                            cluster,
                            () -> allSee(cluster, others, victim, MemberState.DEAD),
                            Duration.ofSeconds(30),
                            "dead for all")
                    + suspect;
            // Suspicion comes from silence (3 s) or from refused connections, whichever is first;
            // death from silence alone (10 s), give or take one tick of the detector.
            assertThat(suspect).isLessThanOrEqualTo(DEFAULTS.suspectAfter().toMillis() + 250);
            assertThat(dead)
                    .isBetween(
                            DEFAULTS.deadAfter().toMillis() - 1_000,
                            DEFAULTS.deadAfter().toMillis() + 250);
            // and the dead node is left out of gossip targets
            assertThat(cluster.node(0).peers().live()).doesNotContain(victim);
        }
    }

    @Test
    void thirtyPercentLossForTenMinutesGivesNoFalseDeathWithDefaults() {
        for (long seed = 1; seed <= 5; seed++) {
            try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, seed)) {
                cluster.setFaultsEverywhere(LinkFaults.lossy(0.3));
                cluster.runFor(Duration.ofMinutes(10));
                long deadVerdicts = IntStream.range(0, 5)
                        .mapToLong(i -> cluster.node(i).peers().deadVerdicts())
                        .sum();
                assertThat(deadVerdicts).as("seed %d", seed).isZero();
                long lost = IntStream.range(0, 5)
                        .mapToLong(i -> cluster.node(i).transport().meters().framesDropped(DropReason.FAULT_LOSS))
                        .sum();
                assertThat(lost).isGreaterThan(1_000);
            }
        }
    }

    @Test
    void aNewNodeWithOneSeedIsKnownByEveryoneWithinThreeSeconds() {
        try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, 23)) {
            cluster.runFor(Duration.ofSeconds(5));
            int newcomer = cluster.join(List.of(0));
            NodeAddress address = cluster.node(newcomer).address();
            List<Integer> everyone = List.of(0, 1, 2, 3, 4);
            long known = timeUntil(
                    cluster,
                    () -> allSee(cluster, everyone, address, MemberState.ALIVE),
                    Duration.ofSeconds(3),
                    "newcomer known by every node");
            long knowsAll = timeUntil(
                    cluster,
                    () -> cluster.node(newcomer).peers().live().size() == 5,
                    Duration.ofSeconds(3),
                    "newcomer knows every node");
            assertThat(known).isLessThan(3_000);
            assertThat(knowsAll).isLessThan(3_000);
            cluster.add(newcomer, 5);
            cluster.add(0, 1);
            cluster.awaitConvergence(List.of(0, 1, 2, 3, 4, newcomer), 6, Duration.ofSeconds(10));
        }
    }

    @Test
    void aNodeThatComesBackIsAliveAgainEverywhere() {
        try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, 24)) {
            cluster.runFor(Duration.ofSeconds(5));
            NodeAddress address = cluster.node(1).address();
            cluster.crash(1);
            cluster.runFor(Duration.ofSeconds(15));
            assertThat(allSee(cluster, List.of(0, 2, 3, 4), address, MemberState.DEAD))
                    .isTrue();
            cluster.restartEmpty(1);
            long back = timeUntil(
                    cluster,
                    () -> allSee(cluster, List.of(0, 2, 3, 4), address, MemberState.ALIVE),
                    Duration.ofSeconds(5),
                    "back alive");
            assertThat(back).isLessThan(2_000);
        }
    }
}

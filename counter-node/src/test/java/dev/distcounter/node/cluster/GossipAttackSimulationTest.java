package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.election.ElectionMessage;
import dev.distcounter.node.election.TermBound;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.membership.Heartbeat;
import dev.distcounter.node.membership.Heartbeats;
import dev.distcounter.node.membership.MemberCap;
import dev.distcounter.node.membership.MemberState;
import dev.distcounter.node.membership.MembershipConfig;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.transport.DropReason;
import dev.distcounter.node.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a stranger on the network can make a node hold through gossip, in virtual time: forged
 * election terms and made-up members (docs/guarantees.md, "A stranger cannot make a node hold
 * without bound through gossip").
 */
class GossipAttackSimulationTest {
    static final GossipConfig GOSSIP = ElectionSimulationTest.GOSSIP;
    static final List<Integer> ALL = List.of(0, 1, 2, 3, 4);
    static final NodeAddress FORGER = new NodeAddress("forger", 9999);

    static void untilLeader(InMemoryCluster cluster, int leader) {
        ElectionSimulationTest.untilSingleLeader(
                cluster, ALL, cluster.node(leader).address());
    }

    static long maxTerm(InMemoryCluster cluster) {
        return ALL.stream()
                .mapToLong(i -> cluster.node(i).leadership().term())
                .max()
                .orElseThrow();
    }

    static long termsRefused(InMemoryCluster cluster) {
        return ALL.stream().mapToLong(i -> cluster.node(i).termsRefused()).sum();
    }

    @Test
    void aForgedCoordinatorWithTheLargestTermIsRefusedEverywhere() {
        try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, 71)) {
            untilLeader(cluster, 4);
            long term = maxTerm(cluster);
            Transport forger = cluster.stranger(FORGER);
            byte[] forged = new ElectionMessage(Long.MAX_VALUE, Long.MAX_VALUE).encode();
            for (int i : ALL) {
                forger.send(cluster.node(i).address(), new Frame(MessageType.COORDINATOR, FORGER, forged));
            }
            cluster.runFor(Duration.ofSeconds(5));
            assertThat(ElectionSimulationTest.leaders(cluster, ALL))
                    .containsExactly(Optional.of(cluster.node(4).address()));
            assertThat(maxTerm(cluster)).isEqualTo(term);
            assertThat(termsRefused(cluster)).isEqualTo(5);

            // terms still grow: the leader crashes and the next one is elected with term + 1
            cluster.crash(4);
            ElectionSimulationTest.untilSingleLeader(
                    cluster, List.of(0, 1, 2, 3), cluster.node(3).address());
            assertThat(cluster.node(0).leadership().term()).isEqualTo(term + 1);
        }
    }

    @Test
    void aForgedHeartbeatClaimFarAheadIsRefusedAndOneWithinTheBoundIsTaken() {
        try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, 72)) {
            untilLeader(cluster, 4);
            long term = maxTerm(cluster);
            Transport forger = cluster.stranger(FORGER);
            NodeAddress leader = cluster.node(4).address();
            long farAhead = term + TermBound.DEFAULT_MAX_AHEAD + 1;
            byte[] claim = new Heartbeat(1, 1, farAhead, Optional.of(FORGER), List.of()).encode();
            forger.send(cluster.node(0).address(), new Frame(MessageType.HEARTBEAT, FORGER, claim));
            cluster.runFor(Duration.ofSeconds(2));
            assertThat(cluster.node(0).leadership().leader()).contains(leader);
            assertThat(cluster.node(0).leadership().term()).isEqualTo(term);
            assertThat(termsRefused(cluster)).isEqualTo(1);

            // a few elections ahead (a healed partition's side) is taken, as before
            byte[] nearClaim = new Heartbeat(1, 1, term + 3, Optional.of(leader), List.of()).encode();
            forger.send(cluster.node(0).address(), new Frame(MessageType.HEARTBEAT, FORGER, nearClaim));
            cluster.runFor(Duration.ofSeconds(2));
            assertThat(cluster.node(0).leadership().term()).isEqualTo(term + 3);
            assertThat(cluster.node(0).leadership().leader()).contains(leader);
        }
    }

    /** Twenty heartbeats from the forger, each listing a thousand made-up members, to node {@code target}. */
    static void floodWithMadeUpMembers(InMemoryCluster cluster, int target) {
        Transport forger = cluster.stranger(FORGER);
        for (int beat = 0; beat < 20; beat++) {
            List<NodeAddress> madeUp = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                madeUp.add(new NodeAddress("made-up-" + beat, 10_000 + i));
            }
            byte[] payload = new Heartbeat(1, 1, 0, Optional.empty(), madeUp).encode();
            forger.send(cluster.node(target).address(), new Frame(MessageType.HEARTBEAT, FORGER, payload));
        }
    }

    static long madeUpIn(InMemoryCluster cluster, int node) {
        return cluster.node(node).peers().members(cluster.nowMillis()).stream()
                .filter(m -> m.address().host().startsWith("made-up"))
                .count();
    }

    @Test
    void madeUpMembersStopAtTheHintLimitAndDoNotSpread() {
        try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, 73)) {
            untilLeader(cluster, 4);
            floodWithMadeUpMembers(cluster, 0);
            cluster.runFor(Duration.ofSeconds(10));
            PeerTable flooded = cluster.node(0).peers();
            int hintLimit = MembershipConfig.defaults().cap().hintLimit();
            assertThat(madeUpIn(cluster, 0)).isEqualTo(hintLimit);
            assertThat(flooded.members(cluster.nowMillis())).hasSizeLessThanOrEqualTo(MemberCap.DEFAULT_MAX_MEMBERS);
            assertThat(flooded.refused()).isEqualTo(20_000 - hintLimit);
            assertThat(flooded.live()).as("hints are not members").hasSize(5); // the four others and the forger
            for (int other : List.of(1, 2, 3, 4)) {
                assertThat(madeUpIn(cluster, other))
                        .as("node %d holds no made-up member", other)
                        .isZero();
                assertThat(cluster.node(other).peers().live()).hasSize(4);
            }
            // each heartbeat probes at most four hints: the flood costs a bounded number of attempts
            long probes = cluster.node(0).transport().meters().framesDropped(DropReason.UNREACHABLE);
            assertThat(probes).isLessThanOrEqualTo(10 * Heartbeats.PROBES_PER_HEARTBEAT + 10);
            assertThat(ElectionSimulationTest.leaders(cluster, ALL))
                    .containsExactly(Optional.of(cluster.node(4).address()));
        }
    }

    @Test
    void aNewcomerIsFoundThroughANodeFullOfMadeUpHints() {
        try (InMemoryCluster cluster = new InMemoryCluster(5, GOSSIP, 74)) {
            untilLeader(cluster, 4);
            floodWithMadeUpMembers(cluster, 0);
            cluster.runFor(Duration.ofSeconds(2));
            int newcomer = cluster.join(List.of(0));
            NodeAddress address = cluster.node(newcomer).address();
            long known = MembershipSimulationTest.timeUntil(
                    cluster,
                    () -> MembershipSimulationTest.allSee(cluster, ALL, address, MemberState.ALIVE),
                    Duration.ofSeconds(5),
                    "newcomer known by every node");
            assertThat(known).isLessThan(5_000);
            MembershipSimulationTest.timeUntil(
                    cluster,
                    () -> cluster.node(newcomer)
                            .peers()
                            .live()
                            .containsAll(ALL.stream()
                                    .map(i -> cluster.node(i).address())
                                    .toList()),
                    Duration.ofSeconds(5),
                    "newcomer knows every node");
            assertThat(madeUpIn(cluster, newcomer)).isZero();
        }
    }
}

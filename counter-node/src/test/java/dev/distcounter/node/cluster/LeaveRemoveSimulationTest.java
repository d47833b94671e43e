package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.Departures;
import dev.distcounter.node.membership.MembershipConfig;
import dev.distcounter.node.replication.HandoverReport;
import dev.distcounter.node.replication.ReadResult;
import dev.distcounter.node.ring.RingState;
import dev.distcounter.node.storage.CounterStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Nodes leaving the ring in virtual time: one that leaves hands its keys over and then stops;
 * one that died stays on the ring until an operator removes it, and then its ranges are rebuilt
 * from the surviving replicas; a removed node that restarts is back.
 */
class LeaveRemoveSimulationTest extends RingChangeSimulation {
    private void assertReadsReturn(int coordinator, Map<String, Long> acknowledged) {
        acknowledged.forEach((key, version) -> {
            ReadResult read = get(coordinator, key);
            assertThat(read.kind()).as("read of %s", key).isEqualTo(ReadResult.Kind.FOUND);
            assertThat(read.version()).as("version of %s", key).isEqualTo(version);
        });
    }

    @Test
    void aLeavingNodeHandsEveryKeyOverThenStopsAndNoAcknowledgedWriteIsLost() {
        formed(4, 41);
        Map<String, Long> beforeLeave = acknowledgedPuts(400);
        Map<String, Long> acknowledged = new java.util.LinkedHashMap<>(beforeLeave);
        int keysOnLeaver = cluster.node(3).replicaStore().size();
        assertThat(keysOnLeaver).isGreaterThan(100);

        CompletableFuture<HandoverReport> leaving = cluster.node(3).departures().leave(Departures.LEAVE_WAIT);
        // Writes go on while it leaves, through coordinators that may not know yet: the leaver
        // refuses them as a replica, so each acknowledged one is on W of the nodes that stay.
        for (int k = 0; k < 100; k++) {
            String key = "during-" + k;
            var put = put(k % 3, key, "value-" + k);
            if (put.ok()) {
                acknowledged.put(key, put.version());
            }
        }
        for (int i = 0; i < 6_000 && !leaving.isDone(); i++) {
            cluster.runFor(Duration.ofMillis(10));
        }
        HandoverReport report = leaving.join();
        assertThat(report.settled())
                .as("handed over within the wait: %s", report)
                .isTrue();
        assertThat(report.failed()).isZero();
        assertThat(report.handedOver()).isPositive();
        cluster.crash(3); // what the stop callback does once the handover is done

        // Every key written before is on the three that stay, with no read: the leaver sent them.
        untilRings(List.of(0, 1, 2), names(List.of(0, 1, 2)));
        assertThat(missing(0, beforeLeave)).isZero();
        assertThat(acknowledged).hasSizeGreaterThan(beforeLeave.size());
        assertReadsReturn(1, acknowledged);
    }

    @Test
    void aRemovedNodesRangesAreRebuiltFromTheSurvivingReplicas() {
        formed(4, 42);
        Map<String, Long> acknowledged = acknowledgedPuts(400);
        cluster.crash(3);
        untilDown(0, 3);

        assertThat(cluster.node(0).departures().remove(cluster.node(3).address()))
                .isEqualTo(RingState.Removal.REMOVED);
        untilRings(List.of(0, 1, 2), names(List.of(0, 1, 2)));
        untilEveryReplicaHolds(0, acknowledged);
        for (int n = 0; n < 3; n++) {
            assertThat(cluster.registries.get(n).counter("kv.read.repairs").count())
                    .as("node %d rebuilt by streaming, not by reads", n)
                    .isZero();
        }
        assertReadsReturn(2, acknowledged);
    }

    @Test
    void removingAnUnknownNodeOrItselfIsRefused() {
        formed(3, 43);
        Departures departures = cluster.node(0).departures();
        assertThat(departures.remove(new dev.distcounter.common.NodeAddress("nowhere", 1)))
                .isEqualTo(RingState.Removal.UNKNOWN);
        assertThat(departures.remove(cluster.node(0).address())).isEqualTo(RingState.Removal.SELF);
        assertThat(ring(0)).hasSize(3);
    }

    @Test
    void aDeadNodeThatIsNotRemovedStaysOnTheRingPastTheFailureTimeout() {
        formed(3, 44);
        int joiner = cluster.join(List.of(0)); // no seed of anyone's: the tables may forget it
        untilRings(List.of(0, 1, 2, joiner), names(List.of(0, 1, 2, joiner)));
        cluster.crash(joiner);
        untilDown(0, joiner);
        cluster.runFor(MembershipConfig.defaults().failureTimeout().plusSeconds(30));
        assertThat(cluster.node(0).peers().state(cluster.node(joiner).address()))
                .as("the membership table forgot it")
                .isEmpty();
        assertThat(ring(0)).as("node 0's ring").contains(name(joiner));
        assertThat(ring(1)).as("node 1's ring").contains(name(joiner));
    }

    @Test
    void aRemovedNodeThatRestartsIsBackOnTheRing() {
        formed(3, 45);
        long incarnation = cluster.node(2).store().self().incarnation();
        cluster.crash(2);
        untilDown(0, 2);
        cluster.node(0).departures().remove(cluster.node(2).address());
        untilRings(List.of(0, 1), names(List.of(0, 1)));

        cluster.restartWith(2, CounterStore.inMemory(name(2), incarnation + 1));
        untilRings(List.of(0, 1, 2), names(List.of(0, 1, 2)));
    }
}

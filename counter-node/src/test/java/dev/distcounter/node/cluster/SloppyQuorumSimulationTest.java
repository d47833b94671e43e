package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.node.replication.KeyspaceConfig;
import dev.distcounter.node.replication.Placement;
import dev.distcounter.node.replication.ReadResult;
import dev.distcounter.node.replication.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --sloppy-quorum} on in-memory clusters of five in virtual time (N=3, R=2, W=2): with
 * the key's replicas cut off, stand-ins acknowledge a write and deliver it to its replicas once
 * they are back, with no read; off, the same write fails certainly not applied.
 */
class SloppyQuorumSimulationTest extends KeyspaceSimulation {
    private static final KeyspaceConfig SLOPPY = KeyspaceConfig.defaults().withSloppyQuorum(true);
    private static final String KEY = "sloppy-key";

    /** The key's replicas (its homes), as node indexes, primary first. */
    private List<Integer> homes() {
        Placement placement = cluster.node(0).keyspace().owners(KEY);
        List<Integer> homes = new ArrayList<>();
        for (Placement.Replica replica : placement.replicas()) {
            homes.add(cluster.addresses.indexOf(dev.distcounter.common.NodeAddress.parse(replica.node())));
        }
        return homes;
    }

    private List<Integer> others(List<Integer> homes) {
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            if (!homes.contains(i)) {
                others.add(i);
            }
        }
        return others;
    }

    /** Cuts {@code away} off from the rest, and waits until {@code observer} believes each of them down. */
    private void cutOff(List<Integer> away, int observer) {
        List<Integer> rest = new ArrayList<>(others(away));
        cluster.partition(away, rest);
        away.forEach(node -> untilDown(observer, node));
    }

    @Test
    void withTwoOfThreeReplicasDownStandInsAcknowledgeAndDeliverOnceTheyAreBack() {
        formed(5, SLOPPY, 31);
        List<Integer> homes = homes();
        List<Integer> down = homes.subList(1, 3);
        int coordinator = homes.get(0);
        cutOff(down, coordinator);

        WriteResult put = put(coordinator, KEY, "while-away");
        assertThat(put.ok())
                .as("acknowledged by one replica and a stand-in: %s", put.error())
                .isTrue();
        for (int home : down) {
            assertThat(held(home, KEY)).as("replica %d was cut off", home).isNull();
        }
        assertThat(cluster.registries
                        .get(coordinator)
                        .counter("kv.write.sloppy")
                        .count())
                .isEqualTo(1);

        cluster.heal();
        cluster.runFor(Duration.ofSeconds(5)); // no read: only the stand-ins' hints bring it

        for (int home : homes) {
            assertThat(held(home, KEY)).as("replica %d holds the write", home).isNotNull();
            assertThat(held(home, KEY).version().counter()).isEqualTo(put.version());
        }
    }

    @Test
    void withoutSloppyQuorumTheSameWriteFailsCertainlyNotApplied() {
        formed(5, 31);
        List<Integer> homes = homes();
        cutOff(homes.subList(1, 3), homes.get(0));

        WriteResult put = put(homes.get(0), KEY, "while-away");

        assertThat(put.ok()).isFalse();
        assertThat(put.outcome()).isEqualTo(WriteOutcome.NOT_APPLIED);
        assertThat(cluster.node(0).keyspace().ring().sloppyQuorum()).isFalse();
    }

    /**
     * Without the clock floor on a sloppy write's version this fails: with every replica cut off,
     * the stand-ins know nothing of the key, the write would get version 1, and the replicas,
     * holding an acknowledged version 3, would refuse it when the hints arrive, so the later
     * acknowledged write would lose to the earlier ones.
     */
    @Test
    void aSloppyWriteWithEveryReplicaDownStillWinsOverWritesAcknowledgedBeforeIt() {
        formed(5, SLOPPY, 32);
        List<Integer> homes = homes();
        int coordinator = others(homes).get(0);
        for (int i = 0; i < 3; i++) {
            assertThat(put(coordinator, KEY, "before-" + i).ok()).isTrue();
        }
        cutOff(homes, coordinator);

        WriteResult put = put(coordinator, KEY, "after");
        assertThat(put.ok())
                .as("acknowledged by the two stand-ins: %s", put.error())
                .isTrue();

        cluster.heal();
        cluster.runFor(Duration.ofSeconds(5));
        ReadResult read = get(homes.get(0), KEY);
        assertThat(read.kind()).isEqualTo(ReadResult.Kind.FOUND);
        assertThat(read.value()).isEqualTo("after");
        assertThat(cluster.node(0).keyspace().ring().sloppyQuorum()).isTrue();
    }

    /**
     * Without the stand-ins' hints going to the key's new replicas when their home is removed,
     * this fails: with every replica down the write is held only as hints for the first two
     * replicas (one stand-in each), and once both are removed from the ring nothing would ever
     * deliver them; the third replica, back, never had it, and anti-entropy finds nothing.
     */
    @Test
    void aWriteHeldOnlyByStandInsReachesTheNewReplicasWhenItsHomesAreRemoved() {
        formed(5, SLOPPY, 33);
        List<Integer> homes = homes();
        int coordinator = others(homes).get(0);
        cutOff(homes, coordinator);
        WriteResult put = put(coordinator, KEY, "only-on-stand-ins");
        assertThat(put.ok())
                .as("acknowledged by the two stand-ins: %s", put.error())
                .isTrue();

        for (int gone : homes.subList(0, 2)) {
            cluster.crash(gone);
            assertThat(cluster.node(coordinator)
                            .departures()
                            .remove(cluster.node(gone).address()))
                    .isEqualTo(dev.distcounter.node.ring.RingState.Removal.REMOVED);
        }
        cluster.heal();
        cluster.runFor(Duration.ofSeconds(15));

        Placement now = cluster.node(coordinator).keyspace().owners(KEY);
        for (Placement.Replica replica : now.replicas()) {
            int node = cluster.addresses.indexOf(dev.distcounter.common.NodeAddress.parse(replica.node()));
            assertThat(held(node, KEY))
                    .as("new replica %s holds the write", replica.node())
                    .isNotNull();
            assertThat(held(node, KEY).value()).isEqualTo("only-on-stand-ins");
        }
    }
}

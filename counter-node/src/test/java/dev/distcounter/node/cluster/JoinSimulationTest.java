package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.replication.KeyspaceConfig;
import dev.distcounter.node.replication.ReadResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 4th node joining a 3-node cluster in virtual time: the previous holders stream it its keys
 * without a client read, and reads keep returning acknowledged values while it is still empty.
 */
class JoinSimulationTest extends RingChangeSimulation {
    /**
     * Without the handover this fails: the new node is a replica of about three quarters of the
     * keys and nothing but a read (read repair) would ever bring it them, and there is none.
     */
    @Test
    void aJoiningNodeGetsEveryKeyOfItsRangesWithoutAnyRead() {
        formed(3, 31);
        Map<String, Long> acknowledged = acknowledgedPuts(400);

        int joiner = cluster.join(List.of(0));
        untilRings(List.of(0, 1, 2, joiner), names(List.of(0, 1, 2, joiner)));

        untilEveryReplicaHolds(0, acknowledged);
        assertThat(cluster.node(joiner).replicaStore().size())
                .as("the new node holds its share of the keys")
                .isGreaterThan(100);
        for (int n = 0; n <= joiner; n++) {
            assertThat(cluster.registries.get(n).counter("kv.read.repairs").count())
                    .as("node %d repaired nothing: no read ran", n)
                    .isZero();
        }
    }

    @Test
    void readsDuringTheMoveReturnTheAcknowledgedValues() {
        // Slow streaming (20 keys a second): the new node is still mostly empty while it is read.
        formed(new InMemoryCluster(3, GOSSIP, KeyspaceConfig.defaults().withStreamRate(20), 32));
        Map<String, Long> acknowledged = acknowledgedPuts(200);

        int joiner = cluster.join(List.of(0));
        untilRings(List.of(0, 1, 2, joiner), names(List.of(0, 1, 2, joiner)));
        assertThat(missing(joiner, acknowledged))
                .as("the new node still misses keys of its ranges")
                .isGreaterThan(50);

        acknowledged.forEach((key, version) -> {
            ReadResult read = get(joiner, key);
            assertThat(read.kind()).as("read of %s through the new node", key).isEqualTo(ReadResult.Kind.FOUND);
            assertThat(read.version()).as("version of %s", key).isEqualTo(version);
            assertThat(read.value()).isEqualTo("value-" + key.substring("key-".length()));
        });
        untilEveryReplicaHolds(joiner, acknowledged);
    }

    @Test
    void theStreamIsThrottledToTheConfiguredRate() {
        int rate = 50;
        formed(new InMemoryCluster(3, GOSSIP, KeyspaceConfig.defaults().withStreamRate(rate), 33));
        Map<String, Long> acknowledged = acknowledgedPuts(300);
        int joiner = cluster.join(List.of(0));
        long joined = cluster.nowMillis();
        untilRings(List.of(0, 1, 2, joiner), names(List.of(0, 1, 2, joiner)));
        assertThat(missing(0, acknowledged)).isGreaterThan(50);
        for (int step = 0; step < 3_000 && missing(0, acknowledged) > 0; step++) {
            cluster.runFor(Duration.ofMillis(100));
            long elapsed = cluster.nowMillis() - joined;
            // three senders at most, each rate × elapsed plus one tick's worth
            assertThat((long) cluster.node(joiner).replicaStore().size())
                    .as("keys the new node holds %d ms after starting", elapsed)
                    .isLessThanOrEqualTo(3 * (rate * elapsed / 1000 + rate / 10 + 1));
        }
        assertThat(missing(0, acknowledged)).isZero();
    }
}

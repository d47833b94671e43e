package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.crdt.CounterCodec;
import dev.distcounter.node.crdt.CounterEntry;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.crdt.ReplicaId;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.gossip.Gossiper;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.StorageConfig;
import dev.distcounter.node.transport.DropReason;
import dev.distcounter.node.transport.Transport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The counter's bounds in a running cluster, over the in-memory network in virtual time: the
 * largest amounts replicate and every node keeps writing, also after a state that would overflow
 * was refused; invented replicas stop at the cap while every member's writes still spread; a state
 * larger than the real frame limit replicates in parts, also after a restart from the WAL (a state
 * of many small frames under faults, in-memory and over TCP: {@link ClusterScenarios}).
 *
 * <p>Guarantees: docs/guarantees.md §5, §8 and §9.
 */
class StateBoundsSimulationTest {
    static final Duration PATIENCE = Duration.ofMinutes(2); // virtual
    static final long MAX = PNCounter.MAX_AMOUNT;
    static final NodeAddress STRANGER = new NodeAddress("stranger", 27001);

    @TempDir
    Path dir;

    static GossipConfig gossip() {
        return new GossipConfig(Duration.ofSeconds(2), 2, 8, Duration.ofMillis(2));
    }

    static List<Integer> all(Cluster cluster) {
        return IntStream.range(0, cluster.size()).boxed().toList();
    }

    /** Something outside the cluster that can reach its gossip ports, as anything on the machine can. */
    static Transport stranger(InMemoryCluster cluster) {
        Transport stranger = cluster.network.endpoint(STRANGER, new SimpleMeterRegistry());
        try {
            stranger.start(frame -> {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stranger;
    }

    /** {@code count} replicas no node ever was, one unit each. */
    static PNCounter invented(String prefix, int count) {
        Map<ReplicaId, CounterEntry> entries = new HashMap<>();
        for (int i = 0; i < count; i++) {
            entries.put(new ReplicaId(prefix + i + ":1", 1), new CounterEntry(1, 0));
        }
        return PNCounter.of(entries);
    }

    /** Promise 5, through merges: the largest amounts spread, and every node keeps writing. */
    @Test
    void theLargestAmountsReplicateAndEveryNodeKeepsWritingAfterAnOverflowingStateIsRefused() {
        try (InMemoryCluster cluster = new InMemoryCluster(3, gossip(), 1)) {
            long expected = 0;
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 3; i++) {
                    cluster.add(i, MAX);
                    cluster.add(i, -MAX);
                    cluster.add(i, 1);
                    expected += 1;
                    cluster.runFor(Duration.ofMillis(10));
                }
            }
            cluster.awaitConvergence(all(cluster), expected, PATIENCE);
            long version = cluster.state(0).version();
            assertThat(version).isEqualTo(15 * (2 * MAX + 1));

            // A state whose merge would take the total one past 2^63-1: refused, nothing adopted.
            PNCounter overflowing = PNCounter.of(
                    Map.of(new ReplicaId(STRANGER.toString(), 1), new CounterEntry(Long.MAX_VALUE - version + 1, 0)));
            stranger(cluster)
                    .send(
                            cluster.node(0).address(),
                            new Frame(MessageType.PUSH, STRANGER, CounterCodec.encode(overflowing)));
            cluster.runFor(Duration.ofMillis(100));
            assertThat(cluster.node(0).gossiper().meters().mergesRefused()).isEqualTo(1);
            assertThat(cluster.state(0).version()).isEqualTo(version);

            for (int i = 0; i < 3; i++) {
                cluster.add(i, MAX);
                cluster.add(i, -MAX);
                cluster.add(i, 2);
                expected += 2;
            }
            cluster.awaitConvergence(all(cluster), expected, PATIENCE);
            assertThat(cluster.state(2).version()).isEqualTo(version + 3 * (2 * MAX + 2));
        }
    }

    /**
     * Promise 8: two frames of 24,000 invented replicas fill only the strangers' three quarters of
     * the cap, with one WARN line; the members' entries, a restarted node's new one included, still
     * reach every node.
     */
    @Test
    void inventedReplicasStopAtTheCapAndEveryMembersWritesStillReachEveryNode() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger gossipLog = (Logger) LoggerFactory.getLogger(Gossiper.class);
        logged.start();
        gossipLog.addAppender(logged);
        try (InMemoryCluster cluster = new InMemoryCluster(3, gossip(), 2)) {
            for (int i = 0; i < 3; i++) {
                cluster.add(i, 1);
            }
            cluster.awaitConvergence(all(cluster), 3, PATIENCE);
            Transport stranger = stranger(cluster);
            for (String prefix : List.of("fake-a-", "fake-b-")) {
                byte[] payload = CounterCodec.encode(invented(prefix, 24_000));
                assertThat(payload.length).isLessThan(1 << 20);
                stranger.send(cluster.node(0).address(), new Frame(MessageType.PUSH, STRANGER, payload));
            }
            cluster.runFor(Duration.ofSeconds(5));

            int strangerLimit = 1024 - 1024 / 4;
            assertThat(cluster.state(0).entries()).hasSize(3 + strangerLimit);
            assertThat(cluster.node(0).gossiper().meters().entriesRefused()).isEqualTo(48_000 - strangerLimit);
            assertThat(logged.list.stream().filter(e -> e.getFormattedMessage().contains("refusing")))
                    .as("one WARN line for the episode, not one per frame")
                    .singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage())
                            .startsWith("sim-0:9000: refusing 23232 new replica entries from stranger:27001: this"
                                    + " node holds 771 and --max-replicas is 1024"));
            long expected = 3 + strangerLimit; // the members' 3 units and 768 invented ones

            cluster.restartEmpty(1); // a new incarnation, whose entry is new to every node
            cluster.add(1, 10);
            cluster.add(2, 100);
            expected += 110;
            cluster.awaitConvergence(all(cluster), expected, PATIENCE);
            assertThat(cluster.state(0).entries()).hasSize(3 + strangerLimit + 1);
            assertThat(cluster.state(0).entry(cluster.node(1).store().self())).isEqualTo(new CounterEntry(10, 0));
        } finally {
            gossipLog.detachAppender(logged);
        }
    }

    /**
     * Promise 9 with the real frame limit: a state of 30,000 replicas (1.2 MB, more than the 1 MiB
     * frame payload) goes out in two frames; every node's writes reach every node, and so do the
     * writes of a node restarted from its WAL with that state.
     */
    @Test
    void aStateOverOneMebibyteReplicatesAlsoAfterARestartFromTheWal() throws Exception {
        GossipConfig gossip = gossip().withMaxReplicas(100_000);
        StorageConfig storage = new StorageConfig(true, false, dir, 64L << 20, 1_000_000, false);
        try (InMemoryCluster cluster = new InMemoryCluster(3, gossip, 4)) {
            String name = cluster.node(0).address().toString();
            CounterStore first = CounterStore.open(name, storage, () -> 1);
            cluster.restartWith(0, first);
            PNCounter large = invented("replica-", 30_000);
            assertThat(CounterCodec.encode(large).length).isGreaterThan(1 << 20);
            first.merge(large);
            for (int i = 0; i < 3; i++) {
                cluster.add(i, i + 1);
            }
            long expected = large.value() + 6;
            cluster.awaitConvergence(all(cluster), expected, PATIENCE);

            first.close();
            try (CounterStore second = CounterStore.open(name, storage, () -> 2)) {
                assertThat(second.current().entries()).hasSize(30_003); // and one entry per node
                cluster.restartWith(0, second);
                cluster.add(0, 5);
                cluster.add(1, -1);
                expected += 4;
                cluster.awaitConvergence(all(cluster), expected, PATIENCE);
                for (int i = 1; i < 3; i++) {
                    assertThat(cluster.state(i).entry(first.self())).isEqualTo(new CounterEntry(1, 0));
                    assertThat(cluster.state(i).entry(second.self())).isEqualTo(new CounterEntry(5, 0));
                    assertThat(cluster.node(i).transport().meters().framesDropped(DropReason.TOO_LARGE))
                            .isZero();
                }
            }
        }
    }
}

package dev.distcounter.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.Keyring;
import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.common.protocol.UnauthenticatedFrameException.Reason;
import dev.distcounter.node.crdt.CounterCodec;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.crdt.ReplicaId;
import dev.distcounter.node.election.ElectionMessage;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.transport.Transport;
import dev.distcounter.node.transport.TransportMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The cluster key on a running cluster, in virtual time over the in-memory network (which signs
 * and checks frames as TCP does): a rotation node by node with writes going on loses nothing and
 * refuses no member's frame; a key used before every node has it costs frames until it is
 * installed, and nothing is lost either; a stranger's frames change nothing.
 *
 * <p>Guarantees: docs/guarantees.md §10.
 */
class KeyRotationSimulationTest {
    static final int NODES = 5;
    static final List<Integer> ALL = IntStream.range(0, NODES).boxed().toList();
    static final ClusterKey OLD = ClusterKey.generate(new Random(1));
    static final ClusterKey NEW = ClusterKey.generate(new Random(2));
    static final Duration PATIENCE = Duration.ofMinutes(2);
    static final GossipConfig GOSSIP = new GossipConfig(Duration.ofSeconds(2), 2, 8, Duration.ofMillis(2));

    /** A keyed cluster after a few seconds of writes, converged. */
    private static Writer converged(InMemoryCluster cluster, long seed) {
        Writer writer = new Writer(cluster, seed);
        writer.writeFor(Duration.ofSeconds(3));
        cluster.awaitConvergence(ALL, writer.expected, PATIENCE);
        return writer;
    }

    /** Writes on random nodes between the steps, as a client would go on writing. */
    private static final class Writer {
        final InMemoryCluster cluster;
        final Random random;
        long expected;

        Writer(InMemoryCluster cluster, long seed) {
            this.cluster = cluster;
            this.random = new Random(seed);
        }

        void writeFor(Duration d) {
            long end = cluster.nowMillis() + d.toMillis();
            while (cluster.nowMillis() < end) {
                long delta = random.nextBoolean() ? 1 + random.nextInt(3) : -1 - random.nextInt(3);
                cluster.add(random.nextInt(NODES), delta);
                expected += delta;
                cluster.runFor(Duration.ofMillis(50 + random.nextInt(200)));
            }
        }
    }

    /** install everywhere, use everywhere, remove everywhere: node by node, writes going on throughout. */
    @Test
    void aKeyRotatesOnARunningClusterWithWritesGoingOnAndNothingLost() {
        try (InMemoryCluster cluster = new InMemoryCluster(NODES, GOSSIP, 31, Keyring.of(OLD))) {
            Writer writer = new Writer(cluster, 31);
            writer.writeFor(Duration.ofSeconds(5));
            for (int i = 0; i < NODES; i++) {
                cluster.keyring(i).install(NEW);
                writer.writeFor(Duration.ofSeconds(1));
            }
            for (int i = 0; i < NODES; i++) {
                cluster.keyring(i).use(NEW.fingerprint());
                writer.writeFor(Duration.ofSeconds(1));
            }
            for (int i = 0; i < NODES; i++) {
                cluster.keyring(i).remove(OLD.fingerprint());
                writer.writeFor(Duration.ofSeconds(1));
            }
            writer.writeFor(Duration.ofSeconds(3));

            cluster.awaitConvergence(ALL, writer.expected, PATIENCE);
            assertThat(writer.expected).as("the test wrote something").isNotZero();
            assertThat(total(cluster, TransportMeters::framesUnauthenticated))
                    .as("no member's frame was refused at any step")
                    .isZero();
            assertThat(total(cluster, TransportMeters::framesReplayed)).isZero();
            for (int i = 0; i < NODES; i++) {
                assertThat(cluster.keyring(i).current().primary()).contains(NEW);
                assertThat(cluster.keyring(i).current().fingerprints()).containsExactly(NEW.fingerprint());
                assertThat(cluster.node(i).leadership().leader())
                        .as("node %d follows the highest node: the election ran on through the rotation", i)
                        .contains(cluster.node(NODES - 1).address());
            }

            // The old key is now a stranger's: a frame under it changes nothing.
            Transport holdout = endpoint(cluster, "holdout:1", Keyring.of(OLD));
            holdout.send(cluster.node(0).address(), evilPush("holdout:1"));
            cluster.runFor(Duration.ofSeconds(1));
            assertThat(cluster.node(0).transport().meters().framesUnauthenticated(Reason.UNKNOWN_KEY))
                    .isEqualTo(1);
            assertThat(cluster.state(0).value()).isEqualTo(writer.expected);
        }
    }

    /**
     * Signing with the new key on one node before the others have it: they refuse its frames
     * (counted) and its writes wait; once the key is installed everywhere, everything arrives.
     */
    @Test
    void usingAKeyBeforeEveryNodeHasItDelaysButLosesNothing() {
        try (InMemoryCluster cluster = new InMemoryCluster(NODES, GOSSIP, 32, Keyring.of(OLD))) {
            Writer writer = converged(cluster, 32);
            cluster.keyring(0).install(NEW);
            cluster.keyring(0).use(NEW.fingerprint());
            cluster.add(0, 100);
            writer.expected += 100;
            cluster.runFor(Duration.ofSeconds(5));
            assertThat(cluster.state(1).value())
                    .as("node 1 refuses node 0's frames: it does not hold the key they are signed with")
                    .isEqualTo(writer.expected - 100);
            assertThat(total(cluster, m -> m.framesUnauthenticated(Reason.UNKNOWN_KEY)))
                    .isPositive();

            for (int i = 1; i < NODES; i++) {
                cluster.keyring(i).install(NEW);
            }
            cluster.awaitConvergence(ALL, writer.expected, PATIENCE);
        }
    }

    /**
     * A stranger on the network who knows the protocol but not the key: a PUSH of a replica with
     * P = 1,000,000, a PUSH claiming to be node 2 and a COORDINATOR with the highest id, unsigned
     * or signed with its own key, change no state, no leader and no membership, and are counted.
     */
    @Test
    void aStrangersFramesChangeNothing() {
        try (InMemoryCluster cluster = new InMemoryCluster(NODES, GOSSIP, 33, Keyring.of(OLD))) {
            Writer writer = converged(cluster, 33);
            NodeAddress leader = cluster.node(NODES - 1).address();
            for (Keyring strangers : List.of(Keyring.NONE, Keyring.of(ClusterKey.generate(new Random(99))))) {
                Transport stranger = endpoint(cluster, "evil:1", strangers);
                for (int i = 0; i < NODES; i++) {
                    NodeAddress to = cluster.node(i).address();
                    stranger.send(to, evilPush("evil:1"));
                    stranger.send(to, evilPush(cluster.node(1).address().toString()));
                    stranger.send(
                            to,
                            new Frame(
                                    MessageType.COORDINATOR,
                                    NodeAddress.parse("evil:1"),
                                    new ElectionMessage(Long.MAX_VALUE, 1_000).encode()));
                }
                stranger.close();
            }
            cluster.runFor(Duration.ofSeconds(10));

            for (int i = 0; i < NODES; i++) {
                assertThat(cluster.state(i).value()).isEqualTo(writer.expected);
                assertThat(cluster.state(i).entries().keySet())
                        .noneMatch(replica -> replica.node().startsWith("evil"));
                assertThat(cluster.node(i).leadership().leader()).contains(leader);
                assertThat(cluster.node(i).peers().live()).doesNotContain(NodeAddress.parse("evil:1"));
                assertThat(cluster.node(i).transport().meters().framesUnauthenticated())
                        .as("node %d counted every frame of the stranger", i)
                        .isEqualTo(6);
            }
        }
    }

    private static Frame evilPush(String as) {
        PNCounter evil = PNCounter.empty().increment(new ReplicaId("evil:1", 1), 1_000_000);
        return new Frame(MessageType.PUSH, NodeAddress.parse(as), CounterCodec.encode(evil));
    }

    private static Transport endpoint(InMemoryCluster cluster, String address, Keyring keys) {
        NodeAddress self = NodeAddress.parse(address);
        Transport t = cluster.network.endpoint(self, new SimpleMeterRegistry(), new LiveKeyring(address, keys));
        try {
            t.start(frame -> {});
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return t;
    }

    private static long total(InMemoryCluster cluster, ToLongFunction<TransportMeters> figure) {
        long sum = 0;
        for (int i = 0; i < cluster.size(); i++) {
            sum += figure.applyAsLong(cluster.node(i).transport().meters());
        }
        return sum;
    }
}

package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.FrameCodec;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.election.ElectionMessage;
import dev.distcounter.node.membership.Heartbeat;
import dev.distcounter.testsupport.LoopbackPorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The three gossip attacks of issue 11, from a plain client on the same machine, against a real
 * three-node cluster: 256 idle connections to the gossip port, 20 heartbeats listing 1,000
 * made-up members each, and a forged COORDINATOR with term 2^63-1. During each, the target
 * answers {@code /counter}, its thread count (/proc/PID/status) stays bounded, peers stay alive
 * and the leader's term stays sane.
 *
 * <p>Guarantees: docs/guarantees.md §10.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class GossipAttackIT extends ClusterIT {
    private static final String TAG = "[GossipAttackIT]";
    private static final Duration SETTLE = Duration.ofSeconds(40);
    /**
     * Threads an attack may add to the target's count at rest, in the middle of the attack (the
     * median of the samples): 32 unidentified readers, two per member, and slack for pools that
     * grow with the sampling requests (a run under load reached 67 above rest). The highest
     * sample may be higher: the node closes an unidentified connection for each new one (245 a
     * second here), and each closed connection's reader thread lives on until the scheduler runs
     * it, so a loaded machine sees spikes (one reached 115 above rest); even then it stays below a
     * thread per idle connection. What is bounded is that 256 idle connections do not cost 256
     * threads.
     */
    private static final long THREAD_SLACK = 80;

    private static final int IDLE_CONNECTIONS = 256;

    private final FrameCodec codec = new FrameCodec();

    @Test
    void idleConnectionsMadeUpMembersAndAForgedTermAreAllBounded() throws Exception {
        cluster.startDiscovery();
        NodeProcess target = cluster.startNode("target", "--node-id=1");
        NodeProcess peer = cluster.startNode("peer", "--node-id=2");
        NodeProcess leader = cluster.startNode("leader", "--node-id=3");
        List<NodeProcess> nodes = List.of(target, peer, leader);
        cluster.awaitFullPeerViews(SETTLE);
        awaitLeader(nodes, leader);
        long restThreads = threads(target);
        long restTerm = ClusterView.fetch(cluster.client(), target).term();
        System.out.printf("%s at rest: target %d threads, term %d%n", TAG, restThreads, restTerm);

        idleConnections(nodes, target, peer, restThreads);
        madeUpMembers(nodes, target, restThreads);
        forgedCoordinator(nodes, target, leader, restTerm);
    }

    /**
     * 256 idle connections, kept open (reopened as the node closes them) for 15 s, then a peer
     * restarts under the attack and must reconnect.
     */
    private void idleConnections(List<NodeProcess> nodes, NodeProcess target, NodeProcess peer, long restThreads)
            throws Exception {
        IdleConnections attack = new IdleConnections(target.tcpPort(), IDLE_CONNECTIONS);
        Thread attacker = new Thread(attack, "idle-attacker");
        attacker.setDaemon(true);
        attacker.start();
        try {
            List<Long> samples = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                cluster.client().counter(target); // answers, or throws
                samples.add(threads(target));
                assertNoneDead(nodes);
                Thread.sleep(500); // sampling pace over the 15 s of the attack, not a wait for a condition
            }
            peer.sigterm(Duration.ofSeconds(20));
            cluster.restart(peer);
            await("the restarted peer and the target see each other alive, under the attack")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> "alive"
                                    .equals(ClusterView.fetch(cluster.client(), target)
                                            .stateOf(peer.addr()))
                            && "alive"
                                    .equals(ClusterView.fetch(cluster.client(), peer)
                                            .stateOf(target.addr())));
            long expected = cluster.client().counter(target).value() + 1;
            cluster.client().increment(peer, 1);
            cluster.awaitConvergence(expected, SETTLE);
            samples.add(threads(target));
            long maxThreads = Collections.max(samples);
            long medianThreads = samples.stream().sorted().toList().get(samples.size() / 2);
            long rejected = metric(target, "gossip_connections_rejected_total\\{reason=\"unidentified_full\"")
                    + metric(target, "gossip_connections_rejected_total\\{reason=\"idle\"");
            System.out.printf(
                    "%s 256 idle connections (%d opened in all): target %d threads in the median sample, at most %d,"
                            + " %d connections closed; the restarted peer got through and converged%n",
                    TAG, attack.opened.get(), medianThreads, maxThreads, rejected);
            assertThat(medianThreads).isLessThanOrEqualTo(restThreads + THREAD_SLACK);
            assertThat(maxThreads).isLessThan(restThreads + IDLE_CONNECTIONS);
            assertThat(rejected).isPositive();
        } finally {
            attack.stop = true;
            attacker.join(10_000);
        }
    }

    /** Keeps {@code count} connections open to a port without sending a byte, reopening those closed. */
    private static final class IdleConnections implements Runnable {
        final int port;
        final int count;
        volatile boolean stop;
        final AtomicLong opened = new AtomicLong();

        IdleConnections(int port, int count) {
            this.port = port;
            this.count = count;
        }

        @Override
        public void run() {
            List<Socket> idle = new ArrayList<>();
            try {
                while (!stop) {
                    idle.removeIf(GossipAttackIT::closedByNode);
                    while (idle.size() < count && !stop) {
                        Socket s = new Socket();
                        s.connect(new InetSocketAddress("localhost", port), 3000);
                        idle.add(s);
                        opened.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                System.out.println(TAG + " idle attacker stopped: " + e);
            } finally {
                idle.forEach(GossipAttackIT::closeQuietly);
            }
        }
    }

    /** 20 heartbeats of 1,000 made-up members each; the table stays within its cap and nothing spreads. */
    private void madeUpMembers(List<NodeProcess> nodes, NodeProcess target, long restThreads) throws Exception {
        NodeAddress forger = new NodeAddress("localhost", LoopbackPorts.next());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", target.tcpPort()), 3000);
            OutputStream out = s.getOutputStream();
            for (int beat = 0; beat < 20; beat++) {
                List<NodeAddress> madeUp = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) {
                    madeUp.add(new NodeAddress("127.77." + beat + "." + (i % 250 + 1), 29_900 + i / 250));
                }
                byte[] payload = new Heartbeat(1, 1, 0, Optional.empty(), madeUp).encode();
                out.write(codec.encode(new Frame(MessageType.HEARTBEAT, forger, payload)));
            }
            out.flush();
            long maxThreads = 0;
            for (int i = 0; i < 20; i++) {
                cluster.client().counter(target);
                maxThreads = Math.max(maxThreads, threads(target));
                assertNoneDead(nodes);
                Thread.sleep(250); // sampling pace, not a wait for a condition
            }
            ClusterView view = ClusterView.fetch(cluster.client(), target);
            long hints = view.members().stream()
                    .filter(m -> m.addr().startsWith("127.77."))
                    .count();
            System.out.printf(
                    "%s 20,000 made-up members: target holds %d rows (%d made-up hints), at most %d threads%n",
                    TAG, view.members().size(), hints, maxThreads);
            assertThat(view.members()).hasSizeLessThanOrEqualTo(256);
            assertThat(hints).isLessThanOrEqualTo(64);
            assertThat(maxThreads).isLessThanOrEqualTo(restThreads + THREAD_SLACK);
            for (NodeProcess other : nodes) {
                if (other != target) {
                    assertThat(ClusterView.fetch(cluster.client(), other).members())
                            .as("made-up members on " + other)
                            .noneMatch(m -> m.addr().startsWith("127.77."));
                }
            }
            assertThat(metric(target, "membership_refused_total\\{kind=\"hint\""))
                    .isPositive();
        }
    }

    /** A COORDINATOR with term 2^63-1 to every node: refused everywhere, the leader and its term stay. */
    private void forgedCoordinator(List<NodeProcess> nodes, NodeProcess target, NodeProcess leader, long restTerm)
            throws Exception {
        NodeAddress forger = new NodeAddress("localhost", LoopbackPorts.next());
        byte[] forged = codec.encode(new Frame(
                MessageType.COORDINATOR, forger, new ElectionMessage(Long.MAX_VALUE, Long.MAX_VALUE).encode()));
        for (NodeProcess node : nodes) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("localhost", node.tcpPort()), 3000);
                s.getOutputStream().write(forged);
                s.getOutputStream().flush();
            }
        }
        await("every node refused the forged term")
                .atMost(Duration.ofSeconds(10))
                .until(() -> {
                    for (NodeProcess node : nodes) {
                        if (metric(node, "election_terms_refused_total") < 1) {
                            return false;
                        }
                    }
                    return true;
                });
        cluster.client().counter(target);
        for (NodeProcess node : nodes) {
            ClusterView view = ClusterView.fetch(cluster.client(), node);
            System.out.printf(
                    "%s after the forged COORDINATOR: %s follows %s, term %d%n", TAG, node, view.leader(), view.term());
            assertThat(view.term()).as("term on " + node).isLessThan(restTerm + 10);
            assertThat(view.leader()).as("leader on " + node).isEqualTo(leader.addr());
        }
        assertNoneDead(nodes);
    }

    private void awaitLeader(List<NodeProcess> nodes, NodeProcess leader) {
        await("every node follows " + leader)
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    for (NodeProcess node : nodes) {
                        if (!leader.addr()
                                .equals(ClusterView.fetch(cluster.client(), node)
                                        .leader())) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /** No node holds another as dead. */
    private void assertNoneDead(List<NodeProcess> nodes) throws Exception {
        for (NodeProcess node : nodes) {
            ClusterView view = ClusterView.fetch(cluster.client(), node);
            for (NodeProcess other : nodes) {
                if (other != node) {
                    assertThat(view.stateOf(other.addr()))
                            .as(node + "'s view of " + other)
                            .isNotEqualTo("dead");
                }
            }
        }
    }

    /** The node's thread count, from /proc/PID/status. */
    private static long threads(NodeProcess node) throws IOException {
        Path status = Path.of("/proc/" + node.process().pid() + "/status");
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.substring("Threads:".length()).trim());
            }
        }
        throw new AssertionError("no Threads line in " + status);
    }

    /** The value of the first /metrics line matching {@code namePattern} (a regex of the name and tags), 0 if none. */
    private long metric(NodeProcess node, String namePattern) throws Exception {
        String body = cluster.client().get(node.uri("/metrics")).body();
        Matcher m =
                Pattern.compile("(?m)^" + namePattern + "[^ ]* ([0-9.E+]+)$").matcher(body);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static boolean closedByNode(Socket s) {
        try {
            s.setSoTimeout(1);
            if (s.getInputStream().read() < 0) {
                s.close();
                return true;
            }
            return false;
        } catch (java.net.SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            closeQuietly(s);
            return true;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the attack is over
        }
    }
}

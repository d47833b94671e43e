package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.testsupport.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Garbage on the gossip port, bad HTTP requests, bad command lines and a second copy of a running
 * process: each is refused with a reason, and the node keeps serving and gossiping.
 *
 * <p>Guarantees: docs/guarantees.md §6.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BadInputIT extends ClusterIT {
    private static final int GOSSIP_MAGIC = 0x44434750;
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(15);
    private static final String CLOSE_WARNING = "closing gossip connection";

    private CounterClient client;

    @BeforeEach
    void connectClient() {
        client = cluster.client();
    }

    /** What to send to the gossip port, and whether the node must close the connection with a WARN. */
    // Test data, built once and never changed.
    @SuppressWarnings("ArrayRecordComponent")
    private record Garbage(String description, byte[] bytes, boolean closedWithWarning) {}

    @Test
    void garbageOnTheGossipPortClosesThatConnectionOnly() throws Exception {
        cluster.startDiscovery();
        NodeProcess target = cluster.startNode("target");
        NodeProcess peer = cluster.startNode("peer");
        cluster.awaitFullPeerViews(Duration.ofSeconds(15));
        Random random = new Random(20240611L);

        List<Garbage> garbage = List.of(
                new Garbage("4 KiB of random bytes", randomBytes(random, 4096), true),
                new Garbage("an empty connection", new byte[0], false),
                new Garbage("a 1 MiB random blob", randomBytes(random, 1024 * 1024), true),
                new Garbage("a header with the right magic claiming a 2 GiB payload", hugePayloadHeader(), true));
        long expected = 0;
        for (Garbage g : garbage) {
            long warningsBefore = closeWarnings(target);
            sendToGossipPort(target, g);
            assertThat(client.counter(target))
                    .as("/counter of the target after " + g.description())
                    .isEqualTo(new CounterReading(expected, expected));
            client.increment(peer, 1);
            expected++;
            cluster.awaitConvergence(expected, CONVERGENCE_TIMEOUT);
            if (g.closedWithWarning()) {
                awaitCloseWarningAfter(target, warningsBefore, g.description());
            }
            assertThat(target.isAlive())
                    .as("target alive after " + g.description())
                    .isTrue();
        }
        List<String> warnings = target.logLines().stream()
                .filter(l -> l.contains(CLOSE_WARNING))
                .toList();
        assertThat(warnings).anyMatch(l -> l.contains("bad magic")).anyMatch(l -> l.contains("2147483648"));
        // Gossip with the peer still works both ways.
        client.increment(target, 5);
        cluster.awaitConvergence(expected + 5, CONVERGENCE_TIMEOUT);
    }

    @Test
    void badHttpRequestsAreRefusedWithAOneLineReason() throws Exception {
        NodeProcess node = cluster.startNode("node");

        HttpReply delete = client.send("DELETE", node.uri("/counter"), null, CounterClient.READ_TIMEOUT);
        assertRefused(delete, 405, "DELETE");
        assertThat(delete.headers().firstValue("Allow"))
                .as("Allow header of " + delete)
                .hasValueSatisfying(allow -> assertThat(allow).contains("GET"));

        HttpReply put = client.send("PUT", node.uri("/increment"), new byte[0], CounterClient.READ_TIMEOUT);
        assertRefused(put, 405, "PUT");
        assertThat(put.headers().firstValue("Allow"))
                .as("Allow header of " + put)
                .hasValueSatisfying(allow -> assertThat(allow).contains("POST"));

        assertRefused(client.get(node.uri("/no-such-thing")), 404, "/no-such-thing");
        assertRefused(client.post(node.uri("/increment?by=abc")), 400, "abc");
        assertRefused(client.post(node.uri("/increment?by=0")), 400, "by");
        assertRefused(client.post(node.uri("/decrement?by=-5")), 400, "by");
        HttpReply tooBig = client.send(
                "POST",
                node.uri("/increment"),
                new byte[100 * 1024],
                CounterClient.WRITE_TIMEOUT,
                "Content-Type",
                "application/octet-stream");
        assertRefused(tooBig, 413, "larger");

        assertThat(client.counter(node))
                .as("nothing counted by refused requests")
                .isEqualTo(new CounterReading(0, 0));
        assertThat(client.increment(node, 1)).isEqualTo(new CounterReading(1, 1));
        assertThat(node.isAlive()).isTrue();
    }

    @Test
    void badCommandLinesExitWithCodeTwoAndOneLine() throws Exception {
        Path jar = JavaProcess.counterNodeJar();
        Duration timeout = Duration.ofSeconds(30);
        List<String> startable = List.of(
                "--addr=localhost:" + LoopbackPorts.next(),
                "--http-port=" + LoopbackPorts.next(),
                "--http-bind=127.0.0.1",
                "--discovery=localhost:" + LoopbackPorts.next(),
                "--wal-dir=" + workDir.resolve("cli-wal"));

        for (String bad : List.of("--sync=abc", "--bogus", "--wal-fsnc=false")) {
            String[] args = concat(startable, bad);
            JavaProcess.Completed run = JavaProcess.runToCompletion(jar, workDir, timeout, args);
            assertThat(run.exitCode())
                    .as("exit code of counter-node " + bad + "; stderr:\n" + run.stderr())
                    .isEqualTo(2);
            assertOneLineUsageError(run, "counter-node");
            if (bad.startsWith("--wal-fsnc")) {
                assertThat(run.stderr()).contains("did you mean --wal-fsync?");
            }
        }
        JavaProcess.Completed help = JavaProcess.runToCompletion(jar, workDir, timeout, "--help");
        assertThat(help.exitCode())
                .as("exit code of --help; stderr:\n" + help.stderr())
                .isZero();
        assertThat(help.stdout()).contains("Usage");

        JavaProcess.Completed discovery =
                JavaProcess.runToCompletion(JavaProcess.discoveryJar(), workDir, timeout, "--prot=8000");
        assertThat(discovery.exitCode())
                .as("exit code of discovery-server --prot=8000; stderr:\n" + discovery.stderr())
                .isEqualTo(2);
        assertOneLineUsageError(discovery, "discovery-server");
        assertThat(discovery.stderr()).contains("did you mean --port?");
    }

    /** One line on stderr, naming the program and pointing at --help; nothing on stdout, no usage. */
    private static void assertOneLineUsageError(JavaProcess.Completed run, String program) {
        assertThat(run.stderr())
                .as("stderr of " + program)
                .startsWith(program + ": ")
                .endsWith("See '" + program + " --help'.\n")
                .hasLineCount(1)
                .doesNotContain("Usage");
        assertThat(run.stdout()).as("stdout of " + program).isEmpty();
    }

    /**
     * A second copy of a running node (the same command, so the same ports and data directory)
     * is refused for the port, named first, not for the running node's WAL lock; and so is a
     * second discovery server. Startup errors exit 1.
     */
    @Test
    void aSecondCopyOfARunningProcessNamesThePortNotTheWalLock() throws Exception {
        DiscoveryProcess discovery = cluster.startDiscovery();
        NodeProcess first = cluster.startNode("first");
        Duration timeout = Duration.ofSeconds(30);

        JavaProcess.Completed copy = JavaProcess.runToCompletion(
                JavaProcess.counterNodeJar(),
                workDir,
                timeout,
                "--addr=" + first.addr(),
                "--http-port=" + first.httpPort(),
                "--http-bind=127.0.0.1",
                "--discovery=" + discovery.addr(),
                "--wal-dir=" + first.walDir());
        assertThat(copy.exitCode()).as("exit code; stderr:\n" + copy.stderr()).isEqualTo(1);
        assertThat(copy.stderr())
                .startsWith("counter-node: failed to start: port " + first.tcpPort() + " (--addr " + first.addr()
                        + ") is in use: is another node running?")
                .doesNotContain("WAL");

        JavaProcess.Completed secondDiscovery = JavaProcess.runToCompletion(
                JavaProcess.discoveryJar(), workDir, timeout, "--port=" + discovery.port(), "--bind=127.0.0.1");
        assertThat(secondDiscovery.exitCode())
                .as("exit code; stderr:\n" + secondDiscovery.stderr())
                .isEqualTo(1);
        assertThat(secondDiscovery.stderr())
                .startsWith("discovery-server: port " + discovery.port() + " (--port " + discovery.port()
                        + ") is in use: is another discovery server running?");
        assertThat(first.isAlive()).isTrue();
        assertThat(client.increment(first, 1)).isEqualTo(new CounterReading(1, 1));
    }

    private static String[] concat(List<String> first, String last) {
        String[] all = first.toArray(new String[first.size() + 1]);
        all[first.size()] = last;
        return all;
    }

    private static void assertRefused(HttpReply reply, int status, String mentions) {
        assertThat(reply.status()).as("status of " + reply).isEqualTo(status);
        assertThat(reply.body()).as("body of " + reply).endsWith("\n");
        assertThat(reply.line())
                .as("reason of " + reply)
                .isNotBlank()
                .doesNotContain("\n")
                .contains(mentions);
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        if (ByteBuffer.wrap(bytes).getInt() == GOSSIP_MAGIC) {
            bytes[0] ^= 1;
        }
        return bytes;
    }

    /**
     * A version 2 header (docs/protocol.md): magic, version 2, type PUSH, unsigned, reserved 0,
     * sender length, payload length 2 GiB, key id 0, timestamp and sequence 0, CRC 0; then the sender.
     */
    private static byte[] hugePayloadHeader() {
        byte[] sender = "localhost:1".getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(38 + sender.length)
                .putInt(GOSSIP_MAGIC)
                .put((byte) 2)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .putShort((short) sender.length)
                .putInt(0x8000_0000)
                .putInt(0)
                .putLong(0)
                .putLong(0)
                .putInt(0)
                .put(sender)
                .array();
    }

    /**
     * Connects to the node's gossip port, writes the bytes (the node may close mid-write) and, for
     * garbage, checks the node closes the connection rather than waiting for more.
     */
    private static void sendToGossipPort(NodeProcess node, Garbage garbage) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", node.tcpPort()), 3000);
            socket.setSoTimeout(5000);
            if (garbage.bytes().length == 0) {
                return;
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(garbage.bytes());
                out.flush();
            } catch (SocketException closedMidWrite) {
                return; // the node closed it: what we want
            }
            InputStream in = socket.getInputStream();
            try {
                byte[] buffer = new byte[8192];
                while (in.read(buffer) >= 0) {
                    // anything the node sends before closing is fine
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError(node + " kept the gossip connection open 5 s after " + garbage.description());
            } catch (SocketException reset) {
                // closed with a reset: also closed
            }
        }
    }

    private static long closeWarnings(NodeProcess node) {
        return node.logLines().stream()
                .filter(l -> l.contains("WARN") && l.contains(CLOSE_WARNING))
                .count();
    }

    private static void awaitCloseWarningAfter(NodeProcess node, long before, String what) {
        await(node + " logging a WARN \"" + CLOSE_WARNING + "\" after " + what)
                .atMost(Duration.ofSeconds(5))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(closeWarnings(node))
                        .as(() ->
                                "WARN \"" + CLOSE_WARNING + "\" lines of " + node + "; log tail:\n" + node.logTail(20))
                        .isGreaterThan(before));
    }
}

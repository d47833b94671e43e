package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.ClusterKeyFile;
import dev.distcounter.common.auth.RequestSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster key against the real jars: a stranger who builds a well-formed PUSH from
 * docs/protocol.md, but has no key, changes nothing and is counted; a rotation through the
 * admin endpoints of every process, with writes going on, keeps the cluster converging and
 * refuses no member's frame.
 *
 * <p>Guarantees: docs/guarantees.md §10.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterKeyIT extends ClusterIT {
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(30);

    private CounterClient client;

    @BeforeEach
    void connectClient() {
        client = cluster.client();
    }

    @Test
    void aStrangersWellFormedPushChangesNothingAndIsCounted() throws Exception {
        ClusterKey key = ClusterKey.generate(new SecureRandom());
        String flag = "--cluster-key-file=" + keyFile("cluster.key", key);
        DiscoveryProcess discovery = cluster.startDiscovery(flag);
        NodeProcess target = cluster.startNode("target", flag);
        NodeProcess peer = cluster.startNode("peer", flag);
        cluster.awaitFullPeerViews(Duration.ofSeconds(15));
        client.increment(peer, 3);
        CounterReading before = cluster.awaitConvergence(3, CONVERGENCE_TIMEOUT);

        // Built from docs/protocol.md alone: a replica evil:1 with P = 1,000,000, unsigned; the
        // same claiming to come from the peer; and one naming the cluster's key id (its
        // fingerprint, printed in every log) with a MAC under the stranger's own key.
        byte[] evilState = counterState("evil:1", 1, 1_000_000);
        sendAndExpectClose(target, pushFrame("evil:1", evilState, null, 0));
        sendAndExpectClose(target, pushFrame(peer.addr(), counterState(peer.addr(), 1, 1_000_000), null, 0));
        byte[] strangersKey = new byte[32];
        new Random(7).nextBytes(strangersKey);
        sendAndExpectClose(target, pushFrame("evil:1", evilState, strangersKey, key.id()));

        await("the target counting three unauthenticated frames")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    String metrics = client.get(target.uri("/metrics")).body();
                    assertThat(metrics)
                            .contains("gossip_frames_unauthenticated_total{reason=\"no_mac\"} 2.0")
                            .contains("gossip_frames_unauthenticated_total{reason=\"bad_mac\"} 1.0");
                });
        assertThat(target.logLines())
                .filteredOn(l -> l.contains("WARN") && l.contains("unauthenticated frame"))
                .hasSize(3)
                .allMatch(l -> l.contains("closing gossip connection from /127.0.0.1:"));
        System.out.println("[ClusterKeyIT] "
                + target.logLines().stream()
                        .filter(l -> l.contains("unauthenticated frame"))
                        .findFirst()
                        .orElse(""));
        assertThat(client.counter(target)).as("nothing changed").isEqualTo(before);
        assertThat(client.counter(peer)).isEqualTo(before);

        // The discovery server: unsigned requests are refused; the nodes' signed ones go on.
        byte[] register = "{\"addr\":\"evil:1\"}".getBytes(StandardCharsets.UTF_8);
        HttpReply unsigned = client.send("POST", discovery.uri("/register"), register, CounterClient.READ_TIMEOUT);
        assertThat(unsigned.status()).as("unsigned register: " + unsigned).isEqualTo(401);
        assertThat(client.get(discovery.uri("/peers")).status()).isEqualTo(401);
        HttpReply listed = signedGet(discovery, key, "/peers");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains(target.addr(), peer.addr()).doesNotContain("evil");
        assertThat(client.get(discovery.uri("/metrics")).body())
                .contains("discovery_requests_unauthenticated_total{reason=\"missing\"} 2.0");

        // Members still gossip both ways.
        client.increment(target, 1);
        cluster.awaitConvergence(4, CONVERGENCE_TIMEOUT);
    }

    @Test
    void aKeyRotationThroughTheAdminEndpointsKeepsTheClusterConverging() throws Exception {
        ClusterKey old = ClusterKey.generate(new SecureRandom());
        ClusterKey fresh = ClusterKey.generate(new SecureRandom());
        String flag = "--cluster-key-file=" + keyFile("cluster.key", old);
        DiscoveryProcess discovery = cluster.startDiscovery(flag);
        List<NodeProcess> nodes =
                List.of(cluster.startNode("a", flag), cluster.startNode("b", flag), cluster.startNode("c", flag));
        cluster.awaitFullPeerViews(Duration.ofSeconds(15));
        List<URI> processes = new ArrayList<>();
        processes.add(discovery.uri(""));
        nodes.forEach(n -> processes.add(n.uri("")));

        long expected = 0;
        String[][] steps = {
            {"install", "{\"key\":\"" + fresh.base64() + "\"}"},
            {"use", "{\"fingerprint\":\"" + fresh.fingerprint() + "\"}"},
            {"remove", "{\"fingerprint\":\"" + old.fingerprint() + "\"}"}
        };
        for (String[] step : steps) {
            for (URI process : processes) {
                HttpReply reply = client.send(
                        "POST",
                        URI.create(process + "/admin/keys/" + step[0]),
                        step[1].getBytes(StandardCharsets.UTF_8),
                        CounterClient.READ_TIMEOUT);
                assertThat(reply.status())
                        .as(step[0] + " at " + process + ": " + reply)
                        .isEqualTo(200);
                assertThat(reply.body()).doesNotContain(fresh.base64()).doesNotContain(old.base64());
                // Writes go on while the processes hold different keyrings.
                client.increment(nodes.get((int) (expected % nodes.size())), 1);
                expected++;
            }
            cluster.awaitConvergence(expected, CONVERGENCE_TIMEOUT);
        }

        for (NodeProcess node : nodes) {
            assertThat(client.get(node.uri("/admin/keys")).line())
                    .isEqualTo("Keys: primary " + fresh.fingerprint() + "; installed (1) " + fresh.fingerprint());
            assertThat(unauthenticatedFrames(node))
                    .as("frames of members refused at %s during the rotation", node)
                    .isZero();
        }
        // The nodes sign their discovery requests with the new key, which the server holds alone now.
        await("every node registered under the new key")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> assertThat(signedGet(discovery, fresh, "/peers").body())
                                .contains(
                                        nodes.get(0).addr(),
                                        nodes.get(1).addr(),
                                        nodes.get(2).addr()));
        assertThat(signedGet(discovery, old, "/peers").status())
                .as("the old key")
                .isEqualTo(401);
        client.increment(nodes.get(2), 5);
        cluster.awaitConvergence(expected + 5, CONVERGENCE_TIMEOUT);
    }

    private Path keyFile(String name, ClusterKey key) throws IOException {
        Path file = workDir.resolve(name);
        ClusterKeyFile.create(file, key);
        return file;
    }

    private HttpReply signedGet(DiscoveryProcess discovery, ClusterKey key, String path)
            throws IOException, InterruptedException {
        String signature = RequestSignature.sign(key, "GET", path, System.currentTimeMillis(), new byte[0]);
        return client.get(discovery.uri(path), RequestSignature.HEADER, signature);
    }

    private long unauthenticatedFrames(NodeProcess node) throws IOException, InterruptedException {
        double sum = 0;
        for (String line : client.get(node.uri("/metrics")).body().split("\n")) {
            if (line.startsWith("gossip_frames_unauthenticated_total{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    /** A counter state payload (docs/protocol.md, "Counter state payload") of one replica. */
    private static byte[] counterState(String node, long incarnation, long p) {
        byte[] name = node.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + 2 + name.length + 24)
                .putInt(1)
                .putShort((short) name.length)
                .put(name)
                .putLong(incarnation)
                .putLong(p)
                .putLong(0)
                .array();
    }

    /**
     * A PUSH frame, version 2, as docs/protocol.md lays it out: unsigned when {@code macKey} is
     * null, else with key id {@code keyId} and an HMAC-SHA256 under {@code macKey} after the payload.
     */
    private static byte[] pushFrame(String sender, byte[] payload, byte[] macKey, int keyId)
            throws GeneralSecurityException {
        byte[] from = sender.getBytes(StandardCharsets.UTF_8);
        int macBytes = macKey == null ? 0 : 32;
        ByteBuffer frame = ByteBuffer.allocate(38 + from.length + payload.length + macBytes);
        frame.putInt(0x44434750) // "DCGP"
                .put((byte) 2) // version
                .put((byte) 2) // PUSH
                .put((byte) (macKey == null ? 0 : 1)) // authentication
                .put((byte) 0) // reserved
                .putShort((short) from.length)
                .putInt(payload.length)
                .putInt(macKey == null ? 0 : keyId)
                .putLong(System.currentTimeMillis()) // timestamp
                .putLong(1) // sequence
                .putInt(0) // CRC, below
                .put(from)
                .put(payload);
        byte[] bytes = frame.array();
        if (macKey != null) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            mac.update(bytes, 0, 34);
            mac.update(bytes, 38, from.length + payload.length);
            frame.put(mac.doFinal());
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 34);
        crc.update(bytes, 38, bytes.length - 38);
        frame.putInt(34, (int) crc.getValue());
        return bytes;
    }

    /** Writes the frame on a new connection to the node's gossip port; the node must close it. */
    private static void sendAndExpectClose(NodeProcess node, byte[] frame) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", node.tcpPort()), 3000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(frame);
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                assertThat(in.read()).as("%s closed the connection", node).isEqualTo(-1);
            } catch (SocketTimeoutException e) {
                throw new AssertionError(node + " kept the connection of an unauthenticated frame open 5 s");
            } catch (SocketException reset) {
                // closed with a reset: also closed
            }
        }
    }
}

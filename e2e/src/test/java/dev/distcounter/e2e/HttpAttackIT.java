package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.e2e.FrameFuzzIT.Metrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP attacks of issue 11 against the real jars, from a plain client on the same machine:
 * connections that send one byte and wait, to a node and to the discovery server; 3,000
 * made-up peers registered at the discovery server; admin endpoints without their token; and
 * chaos delays too long, or healed with frames still held. During each, the API answers and
 * the node's threads stay bounded; the refusals are the documented ones.
 *
 * <p>Guarantees: docs/guarantees.md §11 (and §12 for the made-up peers a node is told of).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HttpAttackIT extends ClusterIT {
    private static final String TAG = "[HttpAttackIT]";
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** Generous: an answer is expected at once, but this machine has two cores and other forks. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);
    /** The HttpClient's limit for one request: a request stuck behind held readers fails. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(4);
    /** The brief's bound on a node's threads; at rest a node runs some 30. */
    private static final long MAX_THREADS = 200;

    private static final int MADE_UP_PEERS = 3_000;
    private static final int MAX_NODES = 256;

    @Test
    void slowClientsAndMadeUpPeersLeaveTheApisAnswering() throws Exception {
        // Expiry out of the way: every made-up peer accepted stays listed, so the count is exact.
        DiscoveryProcess discovery = cluster.startDiscovery("--cleanup=60s");
        // The silent connections are cut only after 5 minutes, so they are held for the whole
        // check: an answer cannot come from readers freed by the cut.
        NodeProcess target = cluster.startNode("target", "--node-id=1", "--http-read-timeout=5m");
        NodeProcess peer = cluster.startNode("peer", "--node-id=2");
        cluster.awaitFullPeerViews(SETTLE);
        CounterClient client = cluster.client();
        long restThreads = FrameFuzzIT.threads(target);

        long written = 0;
        for (int silent : new int[] {8, 64}) {
            try (SilentClients attack = SilentClients.open(target.httpPort(), silent)) {
                await(target + " answering /counter and /increment under " + silent + " silent connections")
                        .atMost(ANSWER_WITHIN)
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptionsInstanceOf(IOException.class) // a request timed out: try again
                        .untilAsserted(() -> {
                            assertThat(status(client, "GET", target.uri("/counter")))
                                    .isEqualTo(200);
                            assertThat(status(client, "POST", target.uri("/increment")))
                                    .isEqualTo(200);
                        });
                written++;
                assertThat(attack.stillHeld())
                        .as("silent connections still open after the answers (the answers came during the attack)")
                        .isEqualTo(silent);
                System.out.printf(
                        "%s %d silent connections to the node's HTTP port: /counter and /increment answered,"
                                + " all %d still held; target %d threads%n",
                        TAG, silent, silent, FrameFuzzIT.threads(target));
            }
        }
        for (int silent : new int[] {4, 64}) {
            try (SilentClients attack = SilentClients.open(discovery.port(), silent)) {
                await("the discovery server answering GET /peers under " + silent + " silent connections")
                        .atMost(ANSWER_WITHIN)
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptionsInstanceOf(IOException.class)
                        .untilAsserted(() -> assertThat(status(client, "GET", discovery.uri("/peers")))
                                .isEqualTo(200));
                // The discovery server cuts a silent request after 5 s (it has no flag for it):
                // all still open means the answer came while they held their readers.
                assertThat(attack.stillHeld())
                        .as("silent connections to the discovery server still open after the answer")
                        .isEqualTo(silent);
                System.out.printf(
                        "%s %d silent connections to the discovery server: GET /peers answered, all still held%n",
                        TAG, silent);
            }
        }

        // 3,000 made-up peers, eight at a time. Their addresses resolve (IP literals) but nothing
        // listens there: port 9 of 127.88.0.0/16, which no test can bind.
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService registrars = Executors.newFixedThreadPool(8);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(registrars.submit(() -> {
                    for (int i = next.getAndIncrement(); i < MADE_UP_PEERS; i = next.getAndIncrement()) {
                        String body = "{\"addr\":\"127.88." + (i / 250) + "." + (i % 250 + 1) + ":9\"}";
                        HttpReply reply = client.send(
                                "POST",
                                discovery.uri("/register"),
                                body.getBytes(StandardCharsets.UTF_8),
                                REQUEST_TIMEOUT,
                                "Content-Type",
                                "application/json");
                        statuses.computeIfAbsent(reply.status(), s -> new AtomicInteger())
                                .incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            registrars.shutdownNow();
            registrars.awaitTermination(10, TimeUnit.SECONDS);
        }
        Map<Integer, Integer> counted = new TreeMap<>();
        statuses.forEach((s, n) -> counted.put(s, n.get()));
        int listedNodes = 2;
        assertThat(counted)
                .as("answers to %d registrations of made-up peers", MADE_UP_PEERS)
                .containsOnlyKeys(200, 429)
                .containsEntry(200, MAX_NODES - listedNodes)
                .containsEntry(429, MADE_UP_PEERS - (MAX_NODES - listedNodes));
        List<String> listed = discovery.peers(client);
        assertThat(listed).hasSize(MAX_NODES).contains(target.addr(), peer.addr());
        Metrics discoveryMetrics =
                Metrics.of(client.get(discovery.uri("/metrics")).body());
        assertThat(discoveryMetrics.sum("discovery_registrations_refused_total", "reason=\"full\""))
                .isEqualTo((long) counted.get(429));

        // The nodes now fetch a list of 256, 254 of them made up, every second: they take at most
        // 16 new ones per reply as hints, and probe 4 per heartbeat. Sampled until the target holds
        // made-up hints and ten seconds have gone by: its threads stay bounded, /counter answers.
        AtomicLong maxThreads = new AtomicLong(FrameFuzzIT.threads(target));
        AtomicInteger samples = new AtomicInteger();
        AtomicLong hints = new AtomicLong();
        await("the target holding made-up hints, sampled 40 times")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    client.counter(target); // answers, or fails the test
                    maxThreads.accumulateAndGet(FrameFuzzIT.threads(target), Math::max);
                    hints.set(ClusterView.fetch(client, target).members().stream()
                            .filter(m -> m.addr().startsWith("127.88."))
                            .count());
                    return samples.incrementAndGet() >= 40 && hints.get() > 0;
                });
        ClusterView view = ClusterView.fetch(client, target);
        System.out.printf(
                "%s %d registrations of made-up peers: %s; discovery lists %d; target: %d rows (%d made-up hints),"
                        + " at most %d threads (%d at rest)%n",
                TAG,
                MADE_UP_PEERS,
                counted,
                listed.size(),
                view.members().size(),
                hints.get(),
                maxThreads.get(),
                restThreads);
        assertThat(maxThreads.get()).as("threads of the target").isLessThan(MAX_THREADS);
        assertThat(hints.get()).as("made-up hints on the target").isLessThanOrEqualTo(64);
        assertThat(FrameFuzzIT.threads(peer)).as("threads of the peer").isLessThan(MAX_THREADS);

        cluster.awaitConvergence(written, SETTLE);
    }

    @Test
    void adminNeedsItsTokenAndChaosDelaysAreBounded() throws Exception {
        String token = "e2e-admin-token-of-HttpAttackIT";
        Path tokenFile = workDir.resolve("admin.token");
        Files.writeString(tokenFile, token + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        cluster.startDiscovery();
        NodeProcess tokened = cluster.startNode("tokened", "--admin-token-file=" + tokenFile);
        // Neither a token nor --admin-loopback (given explicitly, so the infrastructure adds none).
        NodeProcess closed = cluster.startNode("closed", "--admin-loopback=false");
        cluster.awaitFullPeerViews(SETTLE);
        CounterClient client = cluster.client();
        String dropAll = "{\"drop\":1}";

        HttpReply withoutToken = chaos(client, tokened, dropAll);
        assertThat(withoutToken.status()).as("no token: " + withoutToken).isEqualTo(401);
        HttpReply wrongToken = chaos(client, tokened, dropAll, "X-Admin-Token", "not-" + token);
        assertThat(wrongToken.status()).as("a wrong token: " + wrongToken).isEqualTo(401);
        HttpReply refused = chaos(client, closed, dropAll);
        assertThat(refused.status()).as("loopback, neither flag: " + refused).isEqualTo(403);
        HttpReply refusedWithToken = chaos(client, closed, dropAll, "X-Admin-Token", token);
        assertThat(refusedWithToken.status())
                .as("a token to a node without one: " + refusedWithToken)
                .isEqualTo(403);
        assertThat(client.get(closed.uri("/admin/chaos")).status())
                .as("reading the chaos settings of the closed node")
                .isEqualTo(403);
        HttpReply served = chaos(client, tokened, dropAll, "X-Admin-Token", token);
        assertThat(served.status()).as("with the token: " + served).isEqualTo(200);
        assertThat(chaos(client, tokened, "{\"drop\":0}", "X-Admin-Token", token)
                        .status())
                .isEqualTo(200);
        System.out.printf(
                "%s POST /admin/chaos {\"drop\":1}: no token %d, wrong token %d, with the token %d;"
                        + " a node with neither flag %d to loopback (%d with a token)%n",
                TAG,
                withoutToken.status(),
                wrongToken.status(),
                served.status(),
                refused.status(),
                refusedWithToken.status());

        HttpReply tooLong = chaos(client, tokened, "{\"delay\":\"999h\"}", "X-Admin-Token", token);
        assertThat(tooLong.status()).as("delay 999h: " + tooLong).isEqualTo(400);
        assertThat(tooLong.body()).contains("at most 10s");

        // A 10 s delay holds every outbound frame of the tokened node (heartbeats every second,
        // and the PUSH of a write); the heal must drop them, not send them late.
        assertThat(chaos(client, tokened, "{\"delay\":\"10s\"}", "X-Admin-Token", token)
                        .status())
                .isEqualTo(200);
        client.increment(tokened, 2);
        client.increment(closed, 3);
        await("frames held by the tokened node's delay")
                .atMost(Duration.ofSeconds(8))
                .pollInterval(Duration.ofMillis(100))
                .until(() ->
                        Metrics.of(client.get(tokened.uri("/metrics")).body()).sum("gossip_frames_delayed_total") >= 3);
        assertThat(chaos(client, tokened, "{\"delay\":\"0s\"}", "X-Admin-Token", token)
                        .status())
                .isEqualTo(200);
        Metrics afterHeal = Metrics.of(client.get(tokened.uri("/metrics")).body());
        long delayed = afterHeal.sum("gossip_frames_delayed_total");
        long healed = afterHeal.sum("gossip_frames_dropped_total", "reason=\"fault_healed\"");
        assertThat(healed)
                .as("frames dropped by the heal (of %d delayed)", delayed)
                .isPositive();
        assertThat(tokened.logLines())
                .as("the heal's INFO line")
                .anyMatch(l -> l.contains("chaos delay cleared: dropped " + healed + " frame(s) still held for it"));
        assertThat(Metrics.of(client.get(closed.uri("/metrics")).body())
                        .sum("gossip_frames_dropped_total", "reason=\"fault_loss\""))
                .as("frames the closed node dropped for chaos it refused")
                .isZero();
        CounterReading converged = cluster.awaitConvergence(5, SETTLE);
        System.out.printf(
                "%s chaos delay 999h: %d; 10s then healed: %d frames delayed, %d dropped by the heal"
                        + " (fault_healed); converged at %s%n",
                TAG, tooLong.status(), delayed, healed, converged);
    }

    private static HttpReply chaos(CounterClient client, NodeProcess node, String json, String... headers)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("Content-Type", "application/json"));
        all.addAll(List.of(headers));
        return client.send(
                "POST",
                node.uri("/admin/chaos"),
                json.getBytes(StandardCharsets.UTF_8),
                REQUEST_TIMEOUT,
                all.toArray(String[]::new));
    }

    private static int status(CounterClient client, String method, URI uri) throws IOException, InterruptedException {
        return client.send(method, uri, null, REQUEST_TIMEOUT).status();
    }

    /** Connections that each sent one byte of a request and then nothing; closed together. */
    private static final class SilentClients implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();

        static SilentClients open(int port, int count) throws IOException {
            SilentClients clients = new SilentClients();
            try {
                for (int i = 0; i < count; i++) {
                    Socket s = new Socket();
                    clients.sockets.add(s);
                    s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
                    s.getOutputStream().write('G');
                    s.getOutputStream().flush();
                }
            } catch (IOException e) {
                clients.close();
                throw e;
            }
            return clients;
        }

        /** How many the server has not closed: a read that times out means still open. */
        int stillHeld() throws IOException {
            int open = 0;
            for (Socket s : sockets) {
                s.setSoTimeout(5);
                try {
                    if (s.getInputStream().read() >= 0) {
                        open++; // an answer, unexpected, but the connection is open
                    }
                } catch (SocketTimeoutException held) {
                    open++;
                } catch (IOException reset) {
                    // closed by the server
                }
            }
            return open;
        }

        @Override
        public void close() {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // done with it
                }
            }
        }
    }
}

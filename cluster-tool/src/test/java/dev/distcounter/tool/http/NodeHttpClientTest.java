package dev.distcounter.tool.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.ClusterKeyFile;
import dev.distcounter.common.auth.Keyring;
import dev.distcounter.common.auth.RequestSignature;
import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.testsupport.LoopbackPorts;
import dev.distcounter.tool.cluster.ClusterLayout;
import dev.distcounter.tool.time.TimeSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a fake node and a fake discovery server in this JVM: what it asks for, how it
 * reads the JSON replies (ignoring fields it does not know), and how it classifies writes.
 */
class NodeHttpClientTest {
    private HttpServer node;
    private HttpServer discovery;
    private final Map<String, String> requests = new ConcurrentHashMap<>();
    /** The X-Cluster-Auth header of each request, by "METHOD /path"; absent when none was sent. */
    private final Map<String, String> signatures = new ConcurrentHashMap<>();

    private volatile int writeStatus = 200;
    private volatile String writeBody =
            "{\"value\":5,\"version\":7,\"node\":\"localhost:9000\",\"operation\":\"increment\",\"by\":1,"
                    + "\"outcome\":\"applied\",\"durableAfterMs\":3}";
    private NodeHttpClient client;

    @BeforeEach
    void start() throws IOException {
        node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        node.createContext(
                "/counter",
                ex -> answer(
                        ex,
                        200,
                        "{\"value\":-3,\"version\":9,\"node\":\"localhost:9000\",\"digest\":\"05fa616e9c5b5bf5\","
                                + "\"new\":true}"));
        node.createContext("/increment", ex -> answer(ex, writeStatus, writeBody));
        node.createContext(
                "/peers", ex -> answer(ex, 200, "{\"count\":2,\"peers\":[\"localhost:9001\",\"localhost:9002\"]}"));
        node.createContext(
                "/cluster",
                ex -> answer(
                        ex,
                        200,
                        "{\"node\":\"localhost:9000\",\"nodeId\":9000,\"incarnation\":3,"
                                + "\"leader\":\"localhost:9004\",\"term\":2,\"electing\":false,\"elections\":1,\"deadVerdicts\":0,"
                                + "\"badFrames\":0,\"members\":[{\"addr\":\"localhost:9001\",\"state\":\"alive\",\"nodeId\":9001,"
                                + "\"incarnation\":1,\"silenceMs\":12,\"inStateMs\":400,\"consecutiveFailures\":0,"
                                + "\"sources\":[\"discovery\"]},{\"addr\":\"localhost:9002\",\"state\":\"suspect\"}],\"later\":[1]}"));
        node.createContext(
                "/admin/chaos",
                ex -> answer(
                        ex,
                        200,
                        "{\"drop\":0.3,\"delay\":\"0s\","
                                + "\"blocked\":[\"localhost:9001\"],\"framesBlocked\":4,\"framesDropped\":2,\"framesDelayed\":0}"));
        node.start();
        discovery = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        discovery.createContext(
                "/peers",
                ex -> answer(
                        ex,
                        200,
                        "[{\"addr\":\"localhost:9000\",\"lastSeen\":"
                                + "\"2026-11-21T05:00:00.123Z\"},{\"addr\":\"localhost:9001\",\"lastSeen\":\"2026-11-21T05:00:00.456Z\"}]"));
        discovery.start();
        client = new NodeHttpClient(layout(node.getAddress().getPort()), TimeSource.SYSTEM);
    }

    @AfterEach
    void stop() {
        node.stop(0);
        discovery.stop(0);
    }

    private ClusterLayout layout(int baseHttpPort) {
        return new ClusterLayout(
                1, discovery.getAddress().getPort(), 9000, baseHttpPort, Path.of("/tmp/unused"), Set.of());
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        byte[] sent = exchange.getRequestBody().readAllBytes();
        String signature = exchange.getRequestHeaders().getFirst(RequestSignature.HEADER);
        if (signature != null) {
            signatures.put(method + " " + path, signature);
        }
        requests.put(
                method + " " + path,
                exchange.getRequestHeaders().getFirst("Accept") + " " + new String(sent, StandardCharsets.UTF_8));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Guarantees: docs/guarantees.md §10. */
    @Test
    void theDiscoveryServersPeerListIsAskedForSignedWithTheClusterKey(@TempDir Path dir) throws Exception {
        assertThat(client.registeredPeers().ok()).isTrue();
        assertThat(signatures).as("no key, no signature").isEmpty();

        ClusterKey key = ClusterKey.generate(new SecureRandom());
        Path file = dir.resolve("cluster.key");
        ClusterKeyFile.create(file, key);
        ClusterLayout plain = layout(node.getAddress().getPort());
        ClusterLayout keyed = new ClusterLayout(
                plain.nodes(),
                plain.discoveryPort(),
                plain.baseTcpPort(),
                plain.baseHttpPort(),
                plain.clusterDir(),
                plain.nodesWithoutWal(),
                Optional.of(file),
                plain.hosts());
        assertThat(new NodeHttpClient(keyed, TimeSource.SYSTEM)
                        .registeredPeers()
                        .ok())
                .isTrue();
        String signature = signatures.get("GET /peers");
        assertThat(RequestSignature.check(
                        Keyring.of(key), signature, "GET", "/peers", new byte[0], System.currentTimeMillis()))
                .isEmpty();
        assertThat(client.counter(1).ok()).isTrue();
        assertThat(signatures)
                .as("only the discovery server is asked with a signature")
                .containsOnlyKeys("GET /peers");
    }

    @Test
    void readsAskForJsonAndIgnoreFieldsTheyDoNotKnow() {
        assertThat(client.counter(1))
                .isEqualTo(Reply.of(new CounterState(-3, 9, "localhost:9000", "05fa616e9c5b5bf5")));
        assertThat(requests).containsEntry("GET /counter", "application/json ");
        assertThat(client.peers(1).body().line()).isEqualTo("Peers (2): [localhost:9001 localhost:9002]");

        ClusterView view = client.cluster(1).body();
        assertThat(view.leader()).isEqualTo("localhost:9004");
        assertThat(view.term()).isEqualTo(2);
        assertThat(view.members()).extracting(ClusterView.Member::state).containsExactly("alive", "suspect");
        assertThat(view.members().get(0).sources()).containsExactly("discovery");

        assertThat(client.registeredPeers().body())
                .extracting(RegisteredPeer::addr)
                .containsExactly("localhost:9000", "localhost:9001");
    }

    @Test
    void chaosIsPostedAsJsonWithOnlyTheFieldsGiven() {
        Reply<ChaosState> reply = client.setChaos(1, ChaosChange.block(List.of("localhost:9001")));

        assertThat(reply.body().line())
                .isEqualTo("Chaos: drop 0.3, delay 0s, blocked [localhost:9001]; so far 4 frames blocked, 2 dropped,"
                        + " 0 delayed");
        assertThat(requests).containsEntry("POST /admin/chaos", "application/json {\"blocked\":[\"localhost:9001\"]}");
        client.setChaos(1, ChaosChange.HEAL);
        assertThat(requests)
                .containsEntry("POST /admin/chaos", "application/json {\"drop\":0,\"delay\":\"0s\",\"blocked\":[]}");
        client.setChaos(1, ChaosChange.drop(new java.math.BigDecimal("0.30"), "10ms-50ms"));
        assertThat(requests)
                .containsEntry("POST /admin/chaos", "application/json {\"drop\":0.30,\"delay\":\"10ms-50ms\"}");
    }

    @Test
    void anAppliedWriteCarriesTheNodesState() {
        WriteResult result = client.write(1, Change.INCREMENT);

        assertThat(result.outcome()).isEqualTo(WriteOutcome.APPLIED);
        assertThat(result.hasState()).isTrue();
        assertThat(result.reply().value()).isEqualTo(5);
        assertThat(result.reply().version()).isEqualTo(7);
        assertThat(result.completeMillis()).isGreaterThanOrEqualTo(result.invokeMillis());
        assertThat(requests).containsKey("POST /increment");
    }

    @Test
    void theOutcomeFieldDecidesNotTheReasonsWording() {
        writeStatus = 503;
        writeBody = "{\"error\":\"outcome unknown: the write-ahead log failed\",\"outcome\":\"not_applied\"}";
        WriteResult notApplied = client.write(1, Change.INCREMENT);
        assertThat(notApplied.outcome()).isEqualTo(WriteOutcome.NOT_APPLIED);
        assertThat(notApplied.problem()).isEqualTo("outcome unknown: the write-ahead log failed");

        writeBody = "{\"error\":\"not counted: the log had failed\",\"outcome\":\"indeterminate\"}";
        assertThat(client.write(1, Change.INCREMENT).outcome()).isEqualTo(WriteOutcome.INDETERMINATE);
    }

    @Test
    void withoutAnOutcomeFieldTheStatusDecides() {
        writeStatus = 503;
        writeBody = "{\"error\":\"not counted: the log had failed\"}";
        assertThat(client.write(1, Change.INCREMENT).outcome())
                .as("a node without the field: a 503 may have counted")
                .isEqualTo(WriteOutcome.INDETERMINATE);

        writeStatus = 400;
        writeBody = "{\"error\":\"bad 'by' parameter\"}";
        WriteResult refused = client.write(1, Change.INCREMENT);
        assertThat(refused.outcome()).isEqualTo(WriteOutcome.NOT_APPLIED);
        assertThat(refused.problem()).isEqualTo("bad 'by' parameter");
        assertThat(refused.code()).isEqualTo("400");
    }

    @Test
    void anOutcomeThisToolDoesNotKnowIsTakenAsIndeterminate() {
        writeBody = "{\"value\":5,\"version\":7,\"outcome\":\"maybe\"}";

        WriteResult result = client.write(1, Change.INCREMENT);

        assertThat(result.outcome()).isEqualTo(WriteOutcome.INDETERMINATE);
        assertThat(result.problem()).contains("unknown write outcome \"maybe\"");
    }

    @Test
    void aRefusedConnectionMeansTheWriteWasNeverSent() throws IOException {
        // Outside the ephemeral range: no outgoing connection holds it, so nothing answers there.
        int closed = LoopbackPorts.next();
        NodeHttpClient nowhere = new NodeHttpClient(layout(closed), TimeSource.SYSTEM);

        WriteResult result = nowhere.write(1, Change.DECREMENT);

        assertThat(result.outcome()).isEqualTo(WriteOutcome.NOT_APPLIED);
        assertThat(result.status()).isZero();
        assertThat(result.code()).isEqualTo("000");
        assertThat(result.problem()).isEqualTo("connection refused");
        Reply<CounterState> read = nowhere.counter(1);
        assertThat(read.ok()).isFalse();
        assertThat(read.describe()).isEqualTo("no answer (connection refused)");
    }

    /** The raw (still %-escaped) path and the body of every key-value request, in order. */
    private final List<String> kvRequests = new java.util.concurrent.CopyOnWriteArrayList<>();

    private void answerKv(String prefix, int status, String body) {
        node.createContext(prefix, ex -> {
            kvRequests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(ex, status, body);
        });
    }

    @Test
    void aPutPostsTheKeyAndValueAsJsonAndReadsTheOutcome() {
        answerKv("/kv/put", 200, "{\"ok\":true,\"version\":3,\"owner\":\"localhost:9001\",\"outcome\":\"applied\"}");

        KvWriteResult put = client.kvPut(1, "a b/ü", "say \"hi\"");

        assertThat(put.outcome()).isEqualTo(WriteOutcome.APPLIED);
        assertThat(put.version()).isEqualTo(3);
        assertThat(put.owner()).isEqualTo("localhost:9001");
        assertThat(kvRequests).containsExactly("POST /kv/put {\"key\":\"a b/ü\",\"value\":\"say \\\"hi\\\"\"}");
    }

    @Test
    void a503SaysInItsOutcomeWhetherThePutMayHaveBeenApplied() {
        answerKv(
                "/kv/put",
                503,
                "{\"ok\":false,\"version\":0,\"owner\":\"localhost:9001\",\"error\":\"write quorum not reached: 1 of"
                        + " W=2\",\"outcome\":\"indeterminate\"}");

        KvWriteResult put = client.kvPut(1, "alpha", "first");

        assertThat(put.outcome()).isEqualTo(WriteOutcome.INDETERMINATE);
        assertThat(put.status()).isEqualTo(503);
        assertThat(put.problem()).isEqualTo("write quorum not reached: 1 of W=2");
        assertThat(put.owner()).isEqualTo("localhost:9001");
    }

    @Test
    void keysAreOnePathSegmentWhateverTheyHold() {
        answerKv("/kv/get/", 200, "{\"found\":true,\"key\":\"k\",\"value\":\"v\",\"version\":1,\"owner\":\"o\"}");
        answerKv("/kv/owners/", 200, "{\"key\":\"k\",\"hash\":\"00ff\",\"replicas\":[]}");
        answerKv("/kv/", 200, "{\"ok\":true,\"version\":2,\"owner\":\"o\",\"outcome\":\"applied\"}");

        client.kvGet(1, "a b/c+d");
        client.kvGet(1, "..");
        client.kvOwners(1, "ü?#%");
        client.kvDelete(1, "x.y");

        assertThat(kvRequests)
                .containsExactly(
                        "GET /kv/get/a%20b%2Fc%2Bd ",
                        "GET /kv/get/%2E%2E ", "GET /kv/owners/%C3%BC%3F%23%25 ", "DELETE /kv/x%2Ey ");
    }

    @Test
    void aGetsNotFoundIsAnAnswerAndItsNoQuorumIsNot() {
        answerKv("/kv/get/gone", 404, "{\"found\":false,\"key\":\"gone\",\"owner\":\"localhost:9002\"}");
        answerKv(
                "/kv/get/busy",
                503,
                "{\"found\":false,\"key\":\"busy\",\"owner\":\"localhost:9002\","
                        + "\"error\":\"read quorum not reached: 1 of R=2 replicas answered within 1000 ms\"}");

        Reply<KvValue> gone = client.kvGet(1, "gone");
        Reply<KvValue> busy = client.kvGet(1, "busy");

        assertThat(gone.ok()).isTrue();
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).isEqualTo(new KvValue(false, "gone", null, null, "localhost:9002", null));
        assertThat(busy.ok()).isFalse();
        assertThat(busy.describe())
                .isEqualTo("HTTP 503: read quorum not reached: 1 of R=2 replicas answered within 1000 ms");
    }

    @Test
    void theOwnersAreReadPrimaryFirst() {
        answerKv(
                "/kv/owners/",
                200,
                "{\"key\":\"alpha\",\"hash\":\"8ed3f6ad685b959e\",\"replicas\":[{\"node\":\"localhost:9002\","
                        + "\"state\":\"alive\"},{\"node\":\"localhost:9000\",\"state\":\"self\"}]}");

        KvOwners owners = client.kvOwners(1, "alpha").body();

        assertThat(owners.hash()).isEqualTo("8ed3f6ad685b959e");
        assertThat(owners.replicas())
                .containsExactly(
                        new KvOwners.Replica("localhost:9002", "alive"),
                        new KvOwners.Replica("localhost:9000", "self"));
    }

    @Test
    void aReplicaReadsAValueATombstoneOrNothing() {
        answerKv(
                "/kv/replica/alpha",
                200,
                "{\"key\":\"alpha\",\"held\":true,\"value\":\"v\",\"version\":3,\"deleted\":false}");
        answerKv("/kv/replica/gone", 200, "{\"key\":\"gone\",\"held\":true,\"version\":4,\"deleted\":true}");
        answerKv("/kv/replica/never", 200, "{\"key\":\"never\",\"held\":false}");

        assertThat(client.kvReplica(1, "alpha").body()).isEqualTo(new KvReplica("alpha", true, "v", 3L, false));
        KvReplica tombstone = client.kvReplica(1, "gone").body();
        assertThat(tombstone.tombstone()).isTrue();
        assertThat(tombstone.value()).isNull();
        assertThat(client.kvReplica(1, "never").body()).isEqualTo(new KvReplica("never", false, null, null, null));
    }

    @Test
    void anErrorReplyIsNotABody() {
        node.createContext("/nothing", ex -> answer(ex, 404, "{\"error\":\"no such endpoint\"}"));
        node.removeContext("/counter");
        node.createContext("/counter", ex -> answer(ex, 503, "{\"error\":\"stopping\"}"));

        Reply<CounterState> reply = client.counter(1);

        assertThat(reply.ok()).isFalse();
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.describe()).isEqualTo("HTTP 503: stopping");
    }
}

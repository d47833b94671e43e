package dev.distcounter.tool.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.KeyringView;
import dev.distcounter.common.auth.RequestSignature;
import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.tool.cluster.ClusterLayout;
import dev.distcounter.tool.time.TimeSource;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLParameters;

/**
 * The tool's one HTTP client: JSON requests ({@code Accept: application/json}) to the nodes and
 * the discovery server, read with the shared mapper into typed replies (unknown fields are
 * ignored). Every request gives up after {@link #TIMEOUT}, as the script's curl did. Writes are
 * POSTs (and a key-value delete a DELETE), which the JDK client never retries on its own (it
 * retries GET and HEAD only), so a write is sent at most once.
 */
public final class NodeHttpClient implements ClusterApi {
    /** The script's {@code curl --max-time 3}. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final ClusterLayout layout;
    private final TimeSource time;
    private final Optional<ClusterKey> clusterKey;
    private final Optional<String> adminToken;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .sslContext(new NoTlsContext())
            .sslParameters(new SSLParameters())
            .build();

    /** Requests to the discovery server are signed with the layout's cluster key, if it has one. */
    public NodeHttpClient(ClusterLayout layout, TimeSource time) {
        this.layout = layout;
        this.time = time;
        this.clusterKey = layout.clusterKey();
        this.adminToken = AdminToken.read(layout.adminTokenFile());
    }

    @Override
    public Reply<CounterState> counter(int node) {
        return read(get(layout.nodeUrl(node).resolve("/counter")), type(CounterState.class));
    }

    @Override
    public Reply<PeerList> peers(int node) {
        return read(get(layout.nodeUrl(node).resolve("/peers")), type(PeerList.class));
    }

    @Override
    public Reply<ClusterView> cluster(int node) {
        return read(get(layout.nodeUrl(node).resolve("/cluster")), type(ClusterView.class));
    }

    @Override
    public Reply<ChaosState> chaos(int node) {
        return read(
                admin(request(layout.nodeUrl(node).resolve("/admin/chaos")))
                        .GET()
                        .build(),
                type(ChaosState.class));
    }

    @Override
    public Reply<ChaosState> setChaos(int node, ChaosChange change) {
        HttpRequest request = admin(request(layout.nodeUrl(node).resolve("/admin/chaos")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(change)))
                .build();
        return read(request, type(ChaosState.class));
    }

    @Override
    public Reply<List<RegisteredPeer>> registeredPeers() {
        HttpRequest.Builder request = request(layout.discoveryUrl().resolve("/peers"));
        clusterKey.ifPresent(key -> request.header(
                RequestSignature.HEADER, RequestSignature.sign(key, "GET", "/peers", time.millis(), new byte[0])));
        return read(
                request.GET().build(),
                Json.MAPPER.getTypeFactory().constructCollectionType(List.class, RegisteredPeer.class));
    }

    @Override
    public Reply<KeyringView> keys(KeyHolder holder) {
        return read(admin(request(base(holder).resolve("/admin/keys"))).GET().build(), type(KeyringView.class));
    }

    @Override
    public Reply<KeyringView> changeKeys(KeyHolder holder, KeyChange change) {
        HttpRequest request = admin(request(base(holder).resolve("/admin/keys/" + change.action())))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(change.body())))
                .build();
        return read(request, type(KeyringView.class));
    }

    @Override
    public RingRequests ring() {
        return new RingAdmin(layout);
    }

    private URI base(KeyHolder holder) {
        return holder.discovery() ? layout.discoveryUrl() : layout.nodeUrl(holder.node());
    }

    /** Sends one counter write; see {@link #send(HttpRequest, Class, Function)}. */
    @Override
    public WriteResult write(int node, Change change) {
        HttpRequest request = request(layout.nodeUrl(node).resolve("/" + change.word()))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        Sent<WriteReply> sent = send(request, WriteReply.class, WriteReply::outcome);
        return new WriteResult(
                sent.outcome(), sent.status(), sent.reply(), sent.problem(), sent.invoke(), sent.complete());
    }

    @Override
    public KvWriteResult kvPut(int node, String key, String value) {
        HttpRequest request = request(layout.nodeUrl(node).resolve("/kv/put"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(new KvPutBody(key, value))))
                .build();
        return kvWrite(request);
    }

    @Override
    public KvWriteResult kvDelete(int node, String key) {
        return kvWrite(request(layout.nodeUrl(node).resolve("/kv/" + KeyPath.segment(key)))
                .DELETE()
                .build());
    }

    private KvWriteResult kvWrite(HttpRequest request) {
        Sent<KvWriteReply> sent = send(request, KvWriteReply.class, KvWriteReply::outcome);
        return new KvWriteResult(sent.outcome(), sent.status(), sent.reply(), sent.problem());
    }

    /** A 404 is an answer here: the key is not found (never written, or deleted). */
    @Override
    public Reply<KvValue> kvGet(int node, String key) {
        return read(get(layout.nodeUrl(node).resolve("/kv/get/" + KeyPath.segment(key))), type(KvValue.class), 404);
    }

    @Override
    public Reply<KvOwners> kvOwners(int node, String key) {
        return read(get(layout.nodeUrl(node).resolve("/kv/owners/" + KeyPath.segment(key))), type(KvOwners.class));
    }

    @Override
    public Reply<KvReplica> kvReplica(int node, String key) {
        return read(get(layout.nodeUrl(node).resolve("/kv/replica/" + KeyPath.segment(key))), type(KvReplica.class));
    }

    /** The body of {@code POST /kv/put}. */
    private record KvPutBody(String key, String value) {}

    /** One write sent and what came back; {@code reply} is null when there was no body the tool could read. */
    private record Sent<R>(WriteOutcome outcome, int status, R reply, String problem, long invoke, long complete) {}

    /**
     * Sends one write and classifies what came back with {@link WriteOutcome}: the reply's
     * {@code outcome} field when it has one, its status otherwise, and for no reply at all whether
     * the connection was ever made.
     */
    private <R> Sent<R> send(HttpRequest request, Class<R> replyType, Function<R, String> outcomeField) {
        long invoke = time.millis();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Sent<>(WriteOutcome.ofFailure(e), 0, null, describe(e), invoke, time.millis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent<>(WriteOutcome.INDETERMINATE, 0, null, "interrupted", invoke, time.millis());
        }
        long complete = time.millis();
        R reply;
        try {
            reply = Json.MAPPER.readValue(response.body(), replyType);
        } catch (JsonProcessingException e) {
            reply = null;
        }
        WriteOutcome outcome;
        String problem;
        try {
            outcome = WriteOutcome.ofReply(response.statusCode(), reply == null ? null : outcomeField.apply(reply));
            problem = outcome == WriteOutcome.APPLIED ? "" : reason(response.body());
        } catch (IllegalArgumentException e) {
            // A spelling this tool does not know: only "may or may not count" is safe to assume.
            outcome = WriteOutcome.INDETERMINATE;
            problem = e.getMessage();
        }
        return new Sent<>(outcome, response.statusCode(), reply, problem, invoke, complete);
    }

    private static byte[] json(Object body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body + " as JSON", e);
        }
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json");
    }

    /** An admin request: with the cluster's admin token, when it has one. */
    private HttpRequest.Builder admin(HttpRequest.Builder request) {
        adminToken.ifPresent(token -> request.header("X-Admin-Token", token));
        return request;
    }

    private static HttpRequest get(URI uri) {
        return request(uri).GET().build();
    }

    private static JavaType type(Class<?> type) {
        return Json.MAPPER.getTypeFactory().constructType(type);
    }

    private <T> Reply<T> read(HttpRequest request, JavaType type) {
        return read(request, type, 200);
    }

    /**
     * Sends a read; a reply with status 200 or {@code alsoAnAnswer} is read as a body of
     * {@code type}, any other as a refusal with its reason.
     */
    private <T> Reply<T> read(HttpRequest request, JavaType type, int alsoAnAnswer) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Reply.noAnswer(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.noAnswer("interrupted");
        }
        int status = response.statusCode();
        if (status != 200 && status != alsoAnAnswer) {
            return Reply.refused(status, reason(response.body()));
        }
        try {
            T body = Json.MAPPER.readValue(response.body(), type);
            return body == null ? Reply.refused(status, "empty reply") : new Reply<>(status, body, "");
        } catch (JsonProcessingException e) {
            return Reply.refused(status, "unreadable reply: " + e.getOriginalMessage());
        }
    }

    /** The node's one-line reason: the {@code error} field of a JSON reply, or the text. */
    private static String reason(String body) {
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json != null && json.hasNonNull("error")) {
                return json.get("error").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: the text is the reason
        }
        return body == null ? "" : body.strip();
    }

    /** What went wrong when nothing came back, in the words of curl's exit codes. */
    static String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

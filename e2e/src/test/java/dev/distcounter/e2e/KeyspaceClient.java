package dev.distcounter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.common.http.WriteOutcome;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The key-value API of the nodes ({@code /kv/put}, {@code /kv/get/{key}}, {@code /cluster}'s
 * {@code keyspace}) for the tests, over {@link CounterClient}'s HTTP client. A put's outcome is
 * read as every client must: the {@code outcome} field of a reply, {@link WriteOutcome#ofFailure}
 * when none came back.
 */
final class KeyspaceClient {
    /** Past the coordinator's two phases of --kv-timeout (1 s each), after which it answers 503. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * One put and what its client learned.
     *
     * @param version the version a 200 gave it; 0 otherwise
     * @param status  the HTTP status, 0 when nothing came back
     * @param problem the node's error, or what went wrong on the way; empty when applied
     */
    record Put(String key, String value, WriteOutcome outcome, long version, int status, String problem) {}

    /**
     * One read.
     *
     * @param status 200 found, 404 not found, 503 no quorum
     */
    record Read(int status, boolean found, String value, long version, String owner, String error) {
        @Override
        public String toString() {
            return status
                    + (found ? " \"" + value + "\" v" + version : " not found")
                    + (error == null ? "" : " " + error);
        }
    }

    private final CounterClient http;

    KeyspaceClient(CounterClient http) {
        this.http = http;
    }

    /** {@code POST /kv/put}; never throws for a missing answer, which is an outcome like any other. */
    Put put(NodeProcess node, String key, String value) throws InterruptedException {
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(Map.of("key", key, "value", value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a put's body", e);
        }
        HttpReply reply;
        try {
            reply = http.send("POST", node.uri("/kv/put"), body, TIMEOUT, "Content-Type", "application/json");
        } catch (IOException e) {
            return new Put(key, value, WriteOutcome.ofFailure(e), 0, 0, e.toString());
        }
        JsonNode json = json(reply.body());
        String outcome = json == null || !json.hasNonNull("outcome")
                ? null
                : json.get("outcome").asText();
        WriteOutcome classified = WriteOutcome.ofReply(reply.status(), outcome);
        long version =
                reply.status() == 200 && json != null ? json.path("version").asLong() : 0;
        String problem = json == null ? reply.line() : json.path("error").asText("");
        return new Put(key, value, classified, version, reply.status(), problem);
    }

    /** {@code POST /kv/put}; fails unless 200. */
    Put acknowledgedPut(NodeProcess node, String key, String value) throws InterruptedException {
        Put put = put(node, key, value);
        if (put.outcome() != WriteOutcome.APPLIED) {
            throw new AssertionError(node + ": put " + key + "=" + value + " was not acknowledged: " + put);
        }
        return put;
    }

    /** {@code GET /kv/get/{key}}, a read of R replicas; throws when nothing came back. */
    Read get(NodeProcess node, String key) throws IOException, InterruptedException {
        String path =
                "/kv/get/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
        HttpReply reply = http.send("GET", node.uri(path), null, TIMEOUT);
        JsonNode json = json(reply.body());
        if (json == null) {
            throw new AssertionError(node + ": GET " + path + " answered " + reply + ", not JSON");
        }
        return new Read(
                reply.status(),
                json.path("found").asBoolean(),
                json.hasNonNull("value") ? json.get("value").asText() : null,
                json.path("version").asLong(),
                json.path("owner").asText(),
                json.hasNonNull("error") ? json.get("error").asText() : null);
    }

    /**
     * The members of {@code node}'s ring other than itself, with their states, from {@code /cluster}:
     * "localhost:9001 alive".
     */
    List<String> ringPeers(NodeProcess node) throws IOException, InterruptedException {
        HttpReply reply = http.get(node.uri("/cluster"), "Accept", "application/json");
        JsonNode json = json(reply.body());
        if (reply.status() != 200 || json == null) {
            throw new AssertionError(node + ": GET /cluster answered " + reply);
        }
        List<String> peers = new ArrayList<>();
        for (JsonNode member : json.path("keyspace").path("members")) {
            if (!"self".equals(member.path("state").asText())) {
                peers.add(member.path("node").asText() + " "
                        + member.path("state").asText());
            }
        }
        return peers;
    }

    private static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}

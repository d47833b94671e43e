package dev.distcounter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * A node's {@code GET /counter} in JSON: its reading and the digest of its full state. Nodes agree
 * when these are equal: value and version are sums over the replicas' entries and can be equal
 * while the entries differ, e.g. on the two sides of a partition (issue 10).
 */
record CounterStateReading(CounterReading counter, String digest) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code GET /counter} with {@code Accept: application/json}; fails unless 200 with the expected object. */
    static CounterStateReading fetch(CounterClient client, NodeProcess node) throws IOException, InterruptedException {
        HttpReply reply = client.get(node.uri("/counter"), "Accept", "application/json");
        if (reply.status() != 200) {
            throw new AssertionError(node + ": GET /counter answered " + reply + ", expected 200");
        }
        JsonNode json = JSON.readTree(reply.body());
        if (json == null
                || !json.path("value").isIntegralNumber()
                || !json.path("digest").isTextual()) {
            throw new AssertionError(node + ": not a /counter JSON object with a digest: "
                    + reply.body().strip());
        }
        return new CounterStateReading(
                new CounterReading(
                        json.get("value").asLong(), json.path("version").asLong()),
                json.get("digest").asText());
    }

    @Override
    public String toString() {
        return counter + " digest " + digest;
    }
}

package dev.distcounter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One node's {@code GET /cluster} in JSON: its view of the leader and its membership table.
 *
 * @param leader the leader's address, or null when the node knows none
 */
record ClusterView(
        String node,
        long nodeId,
        String leader,
        long term,
        boolean electing,
        long elections,
        long deadVerdicts,
        long badFrames,
        List<Member> members) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row of the membership table. */
    record Member(String addr, String state, long nodeId, long silenceMs, long inStateMs, long consecutiveFailures) {}

    /** {@code GET /cluster} with {@code Accept: application/json}; fails unless 200 with the expected object. */
    static ClusterView fetch(CounterClient client, NodeProcess node) throws IOException, InterruptedException {
        HttpReply reply = client.get(node.uri("/cluster"), "Accept", "application/json");
        if (reply.status() != 200) {
            throw new AssertionError(node + ": GET /cluster answered " + reply + ", expected 200");
        }
        return parse(node, reply.body());
    }

    static ClusterView parse(Object who, String body) throws IOException {
        JsonNode json = JSON.readTree(body);
        if (json == null || !json.isObject() || !json.has("members")) {
            throw new AssertionError(who + ": not a /cluster JSON object: " + body.strip());
        }
        List<Member> members = new ArrayList<>();
        for (JsonNode m : json.get("members")) {
            members.add(new Member(
                    m.path("addr").asText(),
                    m.path("state").asText(),
                    m.path("nodeId").asLong(),
                    m.path("silenceMs").asLong(),
                    m.path("inStateMs").asLong(),
                    m.path("consecutiveFailures").asLong()));
        }
        JsonNode leader = json.get("leader");
        return new ClusterView(
                json.path("node").asText(),
                json.path("nodeId").asLong(),
                leader == null || leader.isNull() ? null : leader.asText(),
                json.path("term").asLong(),
                json.path("electing").asBoolean(),
                json.path("elections").asLong(),
                json.path("deadVerdicts").asLong(),
                json.path("badFrames").asLong(),
                List.copyOf(members));
    }

    Optional<Member> member(String addr) {
        return members.stream().filter(m -> m.addr().equals(addr)).findFirst();
    }

    /** The state this node has for {@code addr}: alive, suspect, dead, or "absent" when not in its table. */
    String stateOf(String addr) {
        return member(addr).map(Member::state).orElse("absent");
    }
}

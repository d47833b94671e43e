package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.node.replication.RingSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /cluster} on a node with a keyspace: its settings and ring, in text and JSON. */
class KvClusterTest extends RunningKvApiTest {
    @Test
    void theKeyspaceFollowsTheMembers() throws Exception {
        assertThat(http.get("/cluster").body()).isEqualTo("""
                        Leader: localhost:9003 (term 4)
                        Members (1):
                          localhost:9002 alive (id 9002, silent 12 ms)
                        Keyspace: N=3 R=2 W=2, 16 vnodes per member
                          R+W>N: a read sees every write acknowledged before it started
                          localhost:9001 self, primary for 34.1% of the ring
                          localhost:9002 alive, primary for 32.9% of the ring
                          localhost:9003 suspect, primary for 33.0% of the ring, 12 hint(s) pending for it
                        """);
        JsonNode json = Json.MAPPER.readTree(http.json("GET", "/cluster").body());
        assertThat(json.get("keyspace").toString())
                .isEqualTo(
                        "{\"n\":3,\"r\":2,\"w\":2,\"vnodes\":16,\"quorumsOverlap\":true,\"sloppyQuorum\":false,\"members\":["
                                + "{\"node\":\"localhost:9001\",\"state\":\"self\",\"share\":0.3412,\"hintsPending\":0},"
                                + "{\"node\":\"localhost:9002\",\"state\":\"alive\",\"share\":0.3288,\"hintsPending\":0},"
                                + "{\"node\":\"localhost:9003\",\"state\":\"suspect\",\"share\":0.33,\"hintsPending\":12}],"
                                + "\"membership\":[]}");
        assertThat(json.get("members").get(0).get("addr").asText()).isEqualTo("localhost:9002");
    }

    @Test
    void quorumsThatDoNotOverlapAreAWarning() throws Exception {
        keys.ring = new RingSummary(
                3, 1, 2, 8, false, false, List.of(new RingSummary.MemberShare("localhost:9001", "self", 1)));
        assertThat(http.get("/cluster").body()).endsWith("""
                        Keyspace: N=3 R=1 W=2, 8 vnodes per member
                          WARNING: R+W<=N: a read may miss a write acknowledged before it started
                          localhost:9001 self, primary for 100.0% of the ring
                        """);
        assertThat(Json.MAPPER
                        .readTree(http.json("GET", "/cluster").body())
                        .get("keyspace")
                        .get("quorumsOverlap")
                        .asBoolean())
                .isFalse();
        keys.ring = new RingSummary(
                3, 2, 2, 8, true, true, List.of(new RingSummary.MemberShare("localhost:9001", "self", 1)));
        assertThat(http.get("/cluster").body())
                .contains("sloppy quorum on: with fewer than W replicas up, writes go to stand-ins;");
        assertThat(Json.MAPPER
                        .readTree(http.json("GET", "/cluster").body())
                        .get("keyspace")
                        .get("sloppyQuorum")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void withoutAKeyspaceThereIsNeitherTheFieldNorTheRoutes() throws Exception {
        try (RunningApi plain = new RunningApi(node)) {
            assertThat(plain.get("/cluster").body()).doesNotContain("Keyspace");
            assertThat(Json.MAPPER
                            .readTree(plain.json("GET", "/cluster").body())
                            .has("keyspace"))
                    .isFalse();
            assertThat(plain.call("POST", "/kv/put", null, "{\"key\":\"a\",\"value\":\"b\"}")
                            .statusCode())
                    .isEqualTo(404);
        }
    }
}

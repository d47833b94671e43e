package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code /peers}, {@code /health} and {@code /cluster}: what an operator reads of a node. */
class StatusResourcesTest extends RunningApiTest {
    @Test
    void peersInTextAndJson() throws Exception {
        assertThat(http.get("/peers").body()).isEqualTo("Peers (2): [localhost:9002 localhost:9003]\n");
        assertThat(http.json("GET", "/peers").body())
                .isEqualTo("{\"count\":2,\"peers\":[\"localhost:9002\",\"localhost:9003\"]}");
    }

    @Test
    void healthListsTheScalarFields() throws Exception {
        http.get("/increment?by=3");
        HttpResponse<String> r = http.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .isEqualTo("OK status=ok node=localhost:9001 replica=localhost:9001#1 value=3 version=3 peers=2"
                        + " leader=localhost:9003 term=4 wal=off chaos=off uptimeSeconds=7\n");
        JsonNode json = Json.MAPPER.readTree(http.json("GET", "/health").body());
        assertThat(json.get("status").asText()).isEqualTo("ok");
        assertThat(json.has("walFailure")).isFalse();
        assertThat(json.get("gossip").get("badFrames").asLong()).isEqualTo(6);
    }

    @Test
    void healthIs503OnceTheNodeCannotTakeWrites() throws Exception {
        node.walFailure = "disk full";
        HttpResponse<String> r = http.get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).startsWith("FAILING status=failing walFailure=disk full node=localhost:9001 ");
        HttpResponse<String> json = http.json("GET", "/health");
        assertThat(json.statusCode()).isEqualTo(503);
        assertThat(Json.MAPPER.readTree(json.body()).get("walFailure").asText()).isEqualTo("disk full");
        assertThat(http.call("HEAD", "/health", null, null).statusCode()).isEqualTo(503);
    }

    @Test
    void clusterShowsLeaderTermAndMembers() throws Exception {
        assertThat(http.get("/cluster").body()).isEqualTo("""
                        Leader: localhost:9003 (term 4)
                        Members (1):
                          localhost:9002 alive (id 9002, silent 12 ms)
                        """);
        JsonNode json = Json.MAPPER.readTree(http.json("GET", "/cluster").body());
        assertThat(json.get("leader").asText()).isEqualTo("localhost:9003");
        assertThat(json.get("members").get(0).get("state").asText()).isEqualTo("alive");
    }
}

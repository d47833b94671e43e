package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.transport.ChaosSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChaosResourceTest extends RunningApiTest {
    @Test
    void chaosCanBeReadAndSetFromLoopback() throws Exception {
        assertThat(http.get("/admin/chaos").body())
                .isEqualTo("Chaos: drop 0.0, delay 0s, blocked []; so far 1 frames blocked, 2 dropped, 3 delayed\n");
        HttpResponse<String> set = http.call(
                "POST",
                "/admin/chaos",
                "application/json",
                "{\"drop\":0.3,\"delay\":\"10ms-50ms\",\"blocked\":[\"localhost:9002\"]}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(node.chaos.drop()).isEqualTo(0.3);
        assertThat(node.chaos.maxDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(node.chaos.blocked()).containsExactly(NodeAddress.parse("localhost:9002"));
        assertThat(set.body())
                .isEqualTo("{\"drop\":0.3,\"delay\":\"10ms-50ms\",\"blocked\":[\"localhost:9002\"],"
                        + "\"framesBlocked\":1,\"framesDropped\":2,\"framesDelayed\":3}");
        JsonNode json = Json.MAPPER.readTree(set.body());
        assertThat(json.get("blocked").get(0).asText()).isEqualTo("localhost:9002");
        // fields left out stay as they are
        http.call("POST", "/admin/chaos", null, "{\"blocked\":[]}");
        assertThat(node.chaos.blocked()).isEmpty();
        assertThat(node.chaos.drop()).isEqualTo(0.3);
    }

    @ParameterizedTest(name = "{0} -> 400")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json",
                "[1,2]",
                "{\"drop\":1.5}",
                "{\"drop\":\"lots\"}",
                "{\"delay\":\"5ms-1ms\"}",
                "{\"delay\":\"soon\"}",
                "{\"blocked\":\"localhost:9002\"}",
                "{\"blocked\":[\"nowhere\"]}",
            })
    void badChaosRequestsChangeNothing(String body) throws Exception {
        HttpResponse<String> r = http.call("POST", "/admin/chaos", null, body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body().strip()).doesNotContain("\n").isNotEmpty();
        assertThat(node.chaos).isEqualTo(ChaosSettings.NONE);
    }

    @Test
    void withATokenAdminNeedsIt() throws Exception {
        try (RunningApi guarded = new RunningApi(node, Duration.ofSeconds(1), "s3cret")) {
            HttpResponse<String> without = guarded.get("/admin/chaos");
            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(without.body()).isEqualTo("admin endpoints need the admin token (X-Admin-Token header)\n");
            assertThat(guarded.call("DELETE", "/admin/chaos", null, null).statusCode())
                    .as("the token is checked before the method")
                    .isEqualTo(401);
            HttpResponse<String> with = guarded.client.send(
                    guarded.request("GET", "/admin/chaos", null, null)
                            .header("X-Admin-Token", "s3cret")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(with.statusCode()).isEqualTo(200);
            assertThat(guarded.get("/counter").statusCode())
                    .as("only admin endpoints are guarded")
                    .isEqualTo(200);
        }
    }

    @Test
    void withoutATokenOrAdminLoopbackAdminAnswersNobody() throws Exception {
        try (RunningApi off = new RunningApi(node, Duration.ofSeconds(1), "", false)) {
            HttpResponse<String> r = off.call("POST", "/admin/chaos", null, "{\"drop\":1}");
            assertThat(r.statusCode()).as("loopback is not an identity").isEqualTo(403);
            assertThat(r.body())
                    .isEqualTo("admin endpoints are off: start the node with --admin-token-file FILE (requests then"
                            + " carry X-Admin-Token), or with --admin-loopback to allow any local user without a"
                            + " token\n");
            assertThat(node.chaos).isEqualTo(ChaosSettings.NONE);
            assertThat(off.get("/counter").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aDelayLongerThanTenSecondsIs400() throws Exception {
        HttpResponse<String> r = http.call("POST", "/admin/chaos", null, "{\"delay\":\"999h\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body())
                .isEqualTo("invalid delay \"999h\": use a duration or a range such as 10ms-200ms (at most 10s, since"
                        + " delayed frames are held in memory)\n");
        assertThat(node.chaos).isEqualTo(ChaosSettings.NONE);
    }
}

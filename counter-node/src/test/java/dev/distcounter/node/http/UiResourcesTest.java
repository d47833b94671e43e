package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.node.transport.ChaosSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The page's routes on a running API: its files, /ui/state, /ui/access and /admin/cluster-chaos. */
class UiResourcesTest extends RunningApiTest {
    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> relay(String body) throws Exception {
        return send(http.request("POST", "/admin/cluster-chaos", "application/json", body)
                .header("Content-Type", "application/json"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/ui", "/ui/index.html"})
    void thePageIsHtmlThatLoadsOnlyItsOwnFiles(String path) throws Exception {
        HttpResponse<String> page = http.get(path);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("default-src 'none'; script-src 'self'; style-src 'self';")
                .contains("connect-src 'self' http://127.0.0.1:* http://[::1]:* http://localhost:*;")
                .contains("frame-ancestors 'none'");
        assertThat(page.body())
                .contains("<script src=\"/ui/app.js\" defer></script>")
                .doesNotContain("style=\"");
    }

    @Test
    void scriptsAndStylesHaveTheirTypes() throws Exception {
        HttpResponse<String> chart = http.get("/ui/uPlot.iife.min.js");
        assertThat(chart.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(chart.body()).startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.30) */");
        assertThat(http.get("/ui/app.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(http.get("/ui/app.js").body()).contains("'use strict';");
    }

    @Test
    void onlyGetAndHeadOfKnownFiles() throws Exception {
        HttpResponse<String> post = http.call("POST", "/ui/app.js", null, "x");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(http.call("HEAD", "/ui", null, null).statusCode()).isEqualTo(200);
        assertThat(http.get("/ui/secret.txt").statusCode()).isEqualTo(404);
        assertThat(http.get("/ui/..%2Fapp.js").statusCode()).isEqualTo(404);
    }

    @Test
    void stateIsReadableCrossOriginOnlyByPagesOfTheClustersHosts() throws Exception {
        HttpResponse<String> fromCluster =
                send(http.request("GET", "/ui/state", null, null).header("Origin", "http://localhost:8012"));
        JsonNode state = Json.MAPPER.readTree(fromCluster.body());
        assertThat(state.get("node").asText()).isEqualTo("localhost:9001");
        assertThat(state.at("/counter/value").isNumber()).isTrue();
        assertThat(state.at("/cluster/leader").asText()).isEqualTo("localhost:9003");
        assertThat(state.at("/cluster/members/0/addr").asText()).isEqualTo("localhost:9002");
        assertThat(fromCluster.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("http://localhost:8012");
        assertThat(fromCluster.headers().firstValue("Vary")).hasValue("Origin");

        HttpResponse<String> fromElsewhere =
                send(http.request("GET", "/ui/state", null, null).header("Origin", "http://evil.example"));
        assertThat(fromElsewhere.statusCode()).isEqualTo(200);
        assertThat(fromElsewhere.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        assertThat(http.get("/counter").headers().firstValue("Access-Control-Allow-Origin"))
                .as("no other route answers CORS")
                .isEmpty();
    }

    @Test
    void accessSaysWhatTheAdminGuardWouldSay() throws Exception {
        JsonNode loopback = Json.MAPPER.readTree(http.get("/ui/access").body());
        assertThat(loopback.get("admin").asBoolean()).isTrue();
        assertThat(loopback.get("rule").asText()).isEqualTo("loopback");

        try (RunningApi guarded = new RunningApi(node, Duration.ofSeconds(1), "s3cret")) {
            JsonNode without = Json.MAPPER.readTree(guarded.get("/ui/access").body());
            assertThat(without.get("admin").asBoolean()).isFalse();
            assertThat(without.get("rule").asText()).isEqualTo("token");
            assertThat(without.get("reason").asText()).isEqualTo(AdminGuard.NEEDS_TOKEN);
            HttpResponse<String> with = guarded.client.send(
                    guarded.request("GET", "/ui/access", null, null)
                            .header("X-Admin-Token", "s3cret")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(Json.MAPPER.readTree(with.body()).get("admin").asBoolean())
                    .isTrue();
        }
    }

    @Test
    void adminRoutesRefusePagesOfOtherOrigins() throws Exception {
        String body = "{\"drop\":0.5}";
        HttpResponse<String> crossSite = send(http.request("POST", "/admin/chaos", null, body)
                .header("Origin", "http://evil.example")
                .header("Sec-Fetch-Site", "cross-site"));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).isEqualTo(BrowserOriginGuard.CROSS_ORIGIN + "\n");
        assertThat(node.chaos).isEqualTo(ChaosSettings.NONE);

        HttpResponse<String> ownPage = send(http.request("POST", "/admin/chaos", null, body)
                .header("Origin", "http://127.0.0.1:" + http.api.port())
                .header("Sec-Fetch-Site", "same-origin"));
        assertThat(ownPage.statusCode()).isEqualTo(200);
        assertThat(node.chaos.drop()).isEqualTo(0.5);
    }

    @Test
    void clusterChaosSetsAndReadsEachTargetsChaos() throws Exception {
        String self = "127.0.0.1:" + http.api.port();
        HttpResponse<String> set =
                relay("{\"targets\":[{\"http\":\"" + self + "\",\"chaos\":{\"blocked\":[\"localhost:9002\"]}}]}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(node.chaos.blocked()).hasSize(1);
        JsonNode answer = Json.MAPPER.readTree(set.body()).at("/nodes/0");
        assertThat(answer.get("http").asText()).isEqualTo(self);
        assertThat(answer.get("status").asInt()).isEqualTo(200);
        assertThat(answer.at("/chaos/blocked/0").asText()).isEqualTo("localhost:9002");

        HttpResponse<String> read = relay("{\"targets\":[{\"http\":\"" + self + "\"}]}");
        assertThat(Json.MAPPER
                        .readTree(read.body())
                        .at("/nodes/0/chaos/blocked/0")
                        .asText())
                .isEqualTo("localhost:9002");
    }

    @Test
    void clusterChaosNeedsJsonAndTargetsOnTheClustersHosts() throws Exception {
        HttpResponse<String> form = send(http.request("POST", "/admin/cluster-chaos", null, "{\"targets\":[]}")
                .header("Content-Type", "text/plain"));
        assertThat(form.statusCode()).isEqualTo(415);

        HttpResponse<String> elsewhere = relay("{\"targets\":[{\"http\":\"evil.example:80\"}]}");
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("is not on a host of the cluster");
    }
}

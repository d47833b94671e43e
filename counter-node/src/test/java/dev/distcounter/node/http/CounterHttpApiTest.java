package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The API as a whole: the original's text, routing, refusals, negotiation. Each resource has its own test too. */
class CounterHttpApiTest extends RunningApiTest {
    @Test
    void theOriginalsTextOutput() throws Exception {
        assertThat(http.get("/increment").body()).isEqualTo("Counter incremented to 1 (version 1)\n");
        assertThat(http.call("POST", "/increment", null, null).body())
                .isEqualTo("Counter incremented to 2 (version 2)\n");
        assertThat(http.get("/decrement").body()).isEqualTo("Counter decremented to 1 (version 3)\n");
        assertThat(http.get("/counter").body()).isEqualTo("Counter: 1 (version 3)\n");
        assertThat(http.get("/peers").body()).isEqualTo("Peers (2): [localhost:9002 localhost:9003]\n");
        assertThat(http.get("/counter").headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void jsonWhenAskedFor() throws Exception {
        http.get("/increment?by=5");
        JsonNode counter = Json.MAPPER.readTree(http.json("GET", "/counter").body());
        assertThat(counter.get("value").asLong()).isEqualTo(5);
        assertThat(counter.get("version").asLong()).isEqualTo(5);
        assertThat(counter.get("node").asText()).isEqualTo("localhost:9001");
        HttpResponse<String> inc = http.json("POST", "/increment");
        assertThat(inc.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(Json.MAPPER.readTree(inc.body()).get("operation").asText()).isEqualTo("increment");
        JsonNode peers = Json.MAPPER.readTree(http.json("GET", "/peers").body());
        assertThat(peers.get("count").asInt()).isEqualTo(2);
        JsonNode error = Json.MAPPER.readTree(http.json("GET", "/nope").body());
        assertThat(error.get("error").asText()).contains("no such endpoint");
    }

    @Test
    void anUnknownPathNamesTheEndpoints() throws Exception {
        HttpResponse<String> r = http.get("/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body())
                .isEqualTo(
                        "no such endpoint: /nope (try /increment, /decrement, /counter, /peers, /health, /cluster)\n");
        assertThat(http.json("GET", "/nope").body())
                .isEqualTo("{\"error\":\"no such endpoint: /nope (try /increment, /decrement, /counter, /peers,"
                        + " /health, /cluster)\"}");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "DELETE, /counter, 405",
        "POST, /counter, 405",
        "PUT, /increment, 405",
        "GET, /nope, 404",
        "GET, /counter/, 404",
        "GET, /increment?by=abc, 400",
        "GET, /increment?by=0, 400",
        "GET, /increment?by=-5, 400",
        "GET, /increment?by=1.5, 400",
        "GET, /increment?by=9223372036854775808, 400",
        "GET, /increment?by=1&by=2, 400",
        "GET, /increment?by, 400",
    })
    void badRequestsGetAReasonAndChangeNothing(String method, String path, int status) throws Exception {
        HttpResponse<String> r = http.call(method, path, null, null);
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).endsWith("\n").doesNotContain("Exception");
        assertThat(r.body().strip()).doesNotContain("\n").isNotEmpty();
        assertThat(node.current().version()).isZero();
        if (status == 405) {
            assertThat(r.headers().firstValue("Allow")).isPresent();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "DELETE|/counter|method DELETE not allowed on /counter; use GET, HEAD|GET, HEAD",
                "PUT|/increment|method PUT not allowed on /increment; use GET, POST|GET, POST",
                "POST|/health|method POST not allowed on /health; use GET, HEAD|GET, HEAD",
                "DELETE|/admin/chaos|method DELETE not allowed on /admin/chaos; use GET, POST|GET, POST",
            })
    void aWrongMethodNamesTheAllowedOnes(String method, String path, String reason, String allow) throws Exception {
        HttpResponse<String> r = http.call(method, path, null, null);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.body()).isEqualTo(reason + "\n");
        assertThat(r.headers().firstValue("Allow")).hasValue(allow);
        assertThat(http.call(method, path, "application/json", null).body())
                .contains("\"error\":\"method not allowed\"");
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        for (String path : new String[] {"/counter", "/peers", "/health", "/cluster"}) {
            HttpResponse<String> head = http.call("HEAD", path, null, null);
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
            assertThat(head.headers().firstValue("Content-Type")).as(path).hasValue("text/plain; charset=utf-8");
        }
    }

    @Test
    void aBodyTooLargeIsRefusedOnEveryEndpoint() throws Exception {
        HttpResponse<String> r = http.call("POST", "/admin/chaos", null, "x".repeat(100 * 1024));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("request body larger than 65536 bytes\n");
        assertThat(http.get("/counter").statusCode()).isEqualTo(200);
    }
}

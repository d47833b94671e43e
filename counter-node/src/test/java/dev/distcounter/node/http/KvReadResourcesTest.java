package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.Json;
import java.net.http.HttpResponse;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /kv/get/{key}} and {@code GET /kv/owners/{key}}: GoDist's shapes, keys from the path. */
class KvReadResourcesTest extends RunningKvApiTest {
    static String refused(String error) {
        return "400 {\"found\":false,\"owner\":\"\",\"error\":\"" + error + "\"}";
    }

    @Test
    void aKeyWrittenIsFoundAndOneNeverWrittenIs404() throws Exception {
        put("", "{\"key\":\"alpha\",\"value\":\"first\"}");
        assertThat(statusAndJson(http.call("GET", "/kv/get/alpha", "text/plain", null)))
                .isEqualTo("200 {\"found\":true,\"key\":\"alpha\",\"value\":\"first\",\"version\":1,"
                        + "\"owner\":\"localhost:9001\"}");
        assertThat(statusAndJson(http.get("/kv/get/beta")))
                .isEqualTo("404 {\"found\":false,\"key\":\"beta\",\"owner\":\"localhost:9001\"}");
    }

    @Test
    void noReadQuorumIs503() throws Exception {
        keys.readError = "read quorum not reached: 1 of 2 replies";
        assertThat(statusAndJson(http.get("/kv/get/alpha")))
                .isEqualTo("503 {\"found\":false,\"key\":\"alpha\",\"owner\":\"localhost:9001\",\"error\":\"read"
                        + " quorum not reached: 1 of 2 replies\"}");
    }

    @ParameterizedTest(name = "?{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "r=0 | bad 'r' parameter \\\"0\\\": must be a whole number from 1 to 3",
                "r=4 | bad 'r' parameter \\\"4\\\": must be a whole number from 1 to 3",
                "r= | bad 'r' parameter \\\"\\\": must be a whole number from 1 to 3",
                "r=1&r=1 | parameter 'r' given more than once",
            })
    void aReadQuorumOutside1ToNIs400(String query, String error) throws Exception {
        assertThat(statusAndJson(http.get("/kv/get/alpha?" + query))).isEqualTo(refused(error));
        assertThat(keys.calls).isEmpty();
    }

    @Test
    void aReadQuorumIsPassedOn() throws Exception {
        http.get("/kv/get/alpha?r=3");
        http.get("/kv/get/alpha");
        assertThat(keys.calls)
                .extracting(FakeKeyspace.Call::quorum)
                .containsExactly(OptionalInt.of(3), OptionalInt.empty());
    }

    /** The key is URL-decoded from the path: %2F is a / inside it, + is a plus, UTF-8 escapes are characters. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "user/1 é€😀 | user%2F1%20%C3%A9%E2%82%AC%F0%9F%98%80",
                "a+b | a+b",
                "100% | 100%25",
                "put | put",
                "键 | %E9%94%AE",
            })
    void theKeyIsUrlDecodedFromThePath(String key, String path) throws Exception {
        put("", "{\"key\":\"" + key + "\",\"value\":\"v\"}");
        HttpResponse<String> r = http.get("/kv/get/" + path);
        assertThat(r.statusCode()).isEqualTo(200);
        // Compared parsed: Jackson escapes a character outside the BMP as a surrogate pair.
        assertThat(Json.MAPPER.readTree(r.body()))
                .isEqualTo(Json.MAPPER.readTree("{\"found\":true,\"key\":\"" + key + "\",\"value\":\"v\","
                        + "\"version\":1,\"owner\":\"localhost:9001\"}"));
    }

    @Test
    void aKeyThatIsEmptyTooLongOrNotUtf8IsRefused() throws Exception {
        assertThat(statusAndJson(http.get("/kv/get/"))).isEqualTo(refused("key required"));
        assertThat(statusAndJson(http.get("/kv/get/" + "k".repeat(1025))))
                .isEqualTo(refused("key too long: 1025 bytes of UTF-8, at most 1024"));
        HttpResponse<String> notUtf8 = http.get("/kv/get/%FF");
        assertThat(notUtf8.statusCode()).isEqualTo(400);
        assertThat(notUtf8.body()).isEqualTo("bad path: its %-escaped bytes are not UTF-8\n");
        HttpResponse<String> slash = http.get("/kv/get/a/b");
        assertThat(slash.statusCode()).isEqualTo(404);
        assertThat(slash.body()).endsWith("; write a / inside a key as %2F\n");
        assertThat(keys.calls).isEmpty();
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        put("", "{\"key\":\"alpha\",\"value\":\"first\"}");
        HttpResponse<String> head = http.call("HEAD", "/kv/get/alpha", null, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(http.call("HEAD", "/kv/get/beta", null, null).statusCode()).isEqualTo(404);
        assertThat(http.call("HEAD", "/kv/owners/beta", null, null).statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"POST, /kv/get/alpha", "DELETE, /kv/get/alpha", "PUT, /kv/get/"})
    void aWrongMethodIs405InTheReadsShape(String method, String path) throws Exception {
        HttpResponse<String> r = http.call(method, path, null, null);
        assertThat(statusAndJson(r)).isEqualTo("405 {\"found\":false,\"owner\":\"\",\"error\":\"method not allowed\"}");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void ownersArePrimaryFirstWithTheHashAsUnsignedHex() throws Exception {
        assertThat(statusAndJson(http.get("/kv/owners/a%2Fb")))
                .isEqualTo("200 {\"key\":\"a/b\",\"hash\":\"9f3a000000000001\",\"replicas\":["
                        + "{\"node\":\"localhost:9001\",\"state\":\"self\"},"
                        + "{\"node\":\"localhost:9002\",\"state\":\"alive\"},"
                        + "{\"node\":\"localhost:9003\",\"state\":\"suspect\"}]}");
        assertThat(statusAndJson(http.get("/kv/owners/"))).isEqualTo("400 {\"error\":\"key required\"}");
        assertThat(statusAndJson(http.call("POST", "/kv/owners/a", null, null)))
                .isEqualTo("405 {\"error\":\"method not allowed\"}");
    }

    @Test
    void anUnknownPathNamesTheKeyValueEndpointsToo() throws Exception {
        assertThat(http.get("/nope").body())
                .isEqualTo("no such endpoint: /nope (try /increment, /decrement, /counter, /peers, /health, /cluster,"
                        + " POST /kv/put, GET /kv/get/KEY, DELETE /kv/KEY, GET /kv/owners/KEY, GET /kv/replica/KEY)\n");
    }
}

package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code GET /kv/replica/{key}}: what this node's replica holds, a value, a tombstone or nothing, always 200. */
class KvReplicaResourceTest extends RunningKvApiTest {
    @Test
    void aValueHeldIsAnsweredWithItsVersion() throws Exception {
        put("", "{\"key\":\"a/b\",\"value\":\"first\"}");
        put("", "{\"key\":\"a/b\",\"value\":\"second\"}");
        assertThat(statusAndJson(http.get("/kv/replica/a%2Fb")))
                .isEqualTo("200 {\"key\":\"a/b\",\"held\":true,\"value\":\"second\",\"version\":2,\"deleted\":false}");
    }

    @Test
    void aTombstoneIsHeldDeletedWithoutAValue() throws Exception {
        put("", "{\"key\":\"alpha\",\"value\":\"first\"}");
        assertThat(http.call("DELETE", "/kv/alpha", null, null).statusCode()).isEqualTo(200);
        assertThat(statusAndJson(http.get("/kv/replica/alpha")))
                .isEqualTo("200 {\"key\":\"alpha\",\"held\":true,\"version\":2,\"deleted\":true}");
    }

    @Test
    void nothingHeldIsHeldFalseNot404() throws Exception {
        assertThat(statusAndJson(http.get("/kv/replica/beta"))).isEqualTo("200 {\"key\":\"beta\",\"held\":false}");
        assertThat(keys.calls).extracting(FakeKeyspace.Call::operation).containsExactly("heldHere");
    }

    @Test
    void aMissingKeyOrAWrongMethodIsRefusedInTheReplicasShape() throws Exception {
        assertThat(statusAndJson(http.get("/kv/replica/")))
                .isEqualTo("400 {\"held\":false,\"error\":\"key required\"}");
        HttpResponse<String> post = http.call("POST", "/kv/replica/alpha", null, null);
        assertThat(statusAndJson(post)).isEqualTo("405 {\"held\":false,\"error\":\"method not allowed\"}");
        assertThat(http.call("HEAD", "/kv/replica/alpha", null, null).statusCode())
                .isEqualTo(200);
        assertThat(keys.calls).extracting(FakeKeyspace.Call::operation).containsExactly("heldHere");
    }
}

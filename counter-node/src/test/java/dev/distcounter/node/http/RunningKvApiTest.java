package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What every test of a key-value resource starts from: a fake node and keyspace behind a running API. */
abstract class RunningKvApiTest {
    final FakeNode node = new FakeNode();
    final FakeKeyspace keys = new FakeKeyspace();
    RunningApi http;

    @BeforeEach
    void startApi() throws Exception {
        http = new RunningApi(node, keys);
    }

    @AfterEach
    void stopApi() {
        http.close();
    }

    /** {@code POST /kv/put} with {@code body}, asking for text: the key-value API answers JSON anyway. */
    HttpResponse<String> put(String query, String body) throws Exception {
        return http.call("POST", "/kv/put" + query, "text/plain", body);
    }

    /** The reply's status and JSON body, checking it is JSON. */
    static String statusAndJson(HttpResponse<String> reply) {
        assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/json");
        return reply.statusCode() + " " + reply.body();
    }
}

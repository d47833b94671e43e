package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.node.storage.StoreFailedException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** Guarantees: docs/guarantees.md §3 and §5. */
class WriteResourceTest extends RunningApiTest {
    /** The {@code outcome} field of a JSON reply. */
    static WriteOutcome outcome(HttpResponse<String> reply) throws IOException {
        return WriteOutcome.fromJson(
                Json.MAPPER.readTree(reply.body()).get("outcome").asText());
    }

    @Test
    void decrementFromZeroIsMinusOne() throws Exception {
        assertThat(http.get("/decrement").body()).isEqualTo("Counter decremented to -1 (version 1)\n");
        assertThat(http.get("/counter").body()).isEqualTo("Counter: -1 (version 1)\n");
    }

    @Test
    void byAddsABatch() throws Exception {
        assertThat(http.get("/increment?by=10").body()).isEqualTo("Counter incremented to 10 (version 10)\n");
        assertThat(http.get("/decrement?by=4&x=y").body()).isEqualTo("Counter decremented to 6 (version 14)\n");
        assertThat(http.get("/increment?by=%2B7").body()).isEqualTo("Counter incremented to 13 (version 21)\n");
    }

    @Test
    void aWriteInJsonSaysItWasApplied() throws Exception {
        HttpResponse<String> r = http.json("POST", "/decrement?by=3");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .isEqualTo("{\"value\":-3,\"version\":3,\"node\":\"localhost:9001\",\"operation\":\"decrement\","
                        + "\"by\":3,\"outcome\":\"applied\"}");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET, /increment?by=abc, 400",
        "GET, /decrement?by=0, 400",
        "POST, /increment?by=1&by=2, 400",
        "PUT, /increment, 405",
        "DELETE, /decrement, 405",
    })
    void aRefusedWriteSaysItWasNotApplied(String method, String path, int status) throws Exception {
        HttpResponse<String> text = http.call(method, path, null, null);
        HttpResponse<String> json = http.call(method, path, "application/json", null);
        assertThat(text.statusCode()).isEqualTo(status);
        assertThat(json.statusCode()).isEqualTo(status);
        assertThat(outcome(json)).isEqualTo(WriteOutcome.NOT_APPLIED);
        JsonNode body = Json.MAPPER.readTree(json.body());
        assertThat(body.get("error").asText())
                .isEqualTo(status == 405 ? "method not allowed" : text.body().strip());
        assertThat(node.current().version()).isZero();
    }

    @Test
    void oversizedBodyIsRefused() throws Exception {
        HttpResponse<String> r = http.call("POST", "/increment", null, "x".repeat(100 * 1024));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("request body larger than 65536 bytes\n");
        HttpResponse<String> json = http.call("POST", "/increment", "application/json", "x".repeat(100 * 1024));
        assertThat(outcome(json)).isEqualTo(WriteOutcome.NOT_APPLIED);
        assertThat(node.current().version()).isZero();
        assertThat(http.get("/counter").statusCode()).isEqualTo(200);
    }

    @Test
    void overflowIsRefusedWithAReason() throws Exception {
        assertThat(http.get("/increment?by=9223372036854775807").statusCode()).isEqualTo(200);
        HttpResponse<String> r = http.get("/increment");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("64-bit");
        assertThat(outcome(http.json("GET", "/increment"))).isEqualTo(WriteOutcome.NOT_APPLIED);
        assertThat(http.get("/counter").body())
                .isEqualTo("Counter: 9223372036854775807 (version 9223372036854775807)\n");
    }

    @Test
    void aFailedLogAnswers503OutcomeUnknown() throws Exception {
        node.durability = u -> CompletableFuture.failedFuture(new IOException("disk on fire"));
        HttpResponse<String> r = http.get("/increment");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body())
                .isEqualTo("outcome unknown: the write-ahead log failed (disk on fire); the operation may or may"
                        + " not be counted\n");
        HttpResponse<String> json = http.json("GET", "/increment");
        assertThat(json.statusCode()).isEqualTo(503);
        assertThat(outcome(json)).isEqualTo(WriteOutcome.INDETERMINATE);
    }

    @Test
    void aLogThatAlreadyFailedAnswers503NotCounted() throws Exception {
        node.durability = u -> {
            throw new StoreFailedException("the write-ahead log failed (disk full)");
        };
        HttpResponse<String> r = http.get("/increment");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("not counted: the write-ahead log failed (disk full)\n");
        HttpResponse<String> json = http.json("GET", "/increment");
        assertThat(json.statusCode()).isEqualTo(503);
        assertThat(json.body())
                .isEqualTo("{\"error\":\"not counted: the write-ahead log failed (disk full)\","
                        + "\"outcome\":\"not_applied\"}");
    }

    @Test
    void aSlowLogAnswers503AfterTheWriteTimeout() throws Exception {
        node.durability = u -> new CompletableFuture<>(); // never completes
        HttpResponse<String> r = http.get("/increment");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body())
                .isEqualTo("outcome unknown: the write-ahead log did not confirm within 300 ms; the operation may"
                        + " or may not be counted\n");
        assertThat(outcome(http.json("GET", "/increment"))).isEqualTo(WriteOutcome.INDETERMINATE);
        node.durability = u -> CompletableFuture.completedFuture(null);
        assertThat(http.get("/counter").statusCode()).isEqualTo(200);
    }

    @Test
    void aWriteThatFailsInsideTheNodeIs500Indeterminate() throws Exception {
        node.durability = u -> {
            throw new IllegalStateException("expected by the test");
        };
        // The failure is logged as a warning with its stack trace: keep it out of the build output.
        Logger dispatcherLog = (Logger) LoggerFactory.getLogger("dev.distcounter.common.http.Dispatcher");
        dispatcherLog.setLevel(Level.OFF);
        HttpResponse<String> r;
        HttpResponse<String> json;
        try {
            r = http.get("/increment");
            json = http.json("POST", "/decrement");
        } finally {
            dispatcherLog.setLevel(null);
        }
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("internal error: expected by the test\n");
        assertThat(json.body())
                .isEqualTo("{\"error\":\"internal error: expected by the test\",\"outcome\":\"indeterminate\"}");
        node.durability = u -> CompletableFuture.completedFuture(null);
        assertThat(http.get("/increment").statusCode()).as("the node goes on").isEqualTo(200);
    }

    @Test
    void writesWaitForDurability() throws Exception {
        CompletableFuture<Object> gate = new CompletableFuture<>();
        node.durability = u -> gate;
        CompletableFuture<HttpResponse<String>> pending = http.getLater("/increment");
        await().until(() -> node.current().version() == 1);
        assertThat(pending).as("no answer before the log confirms").isNotDone();
        assertThat(http.get("/counter").body())
                .as("reads are answered meanwhile")
                .isEqualTo("Counter: 1 (version 1)\n");
        gate.complete(null);
        assertThat(pending.get().statusCode()).isEqualTo(200);
    }
}

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
        "GET, /increment?by=9007199254740993, 400",
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

    /** Promise 5: one request adds or subtracts at most 2^53; more is refused, naming the limit. */
    @ParameterizedTest(name = "by={0}")
    @CsvSource({"9223372036854775807", "9007199254740993", "99999999999999999999999"})
    void anAmountAboveTheLimitIsRefusedNamingIt(String by) throws Exception {
        for (String path : new String[] {"/increment?by=", "/decrement?by="}) {
            HttpResponse<String> r = http.get(path + by);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body())
                    .isEqualTo("bad 'by' parameter \"" + by + "\": more than 9007199254740992 (2^53), the most one"
                            + " request may add or subtract\n");
            assertThat(outcome(http.json("POST", path + by))).isEqualTo(WriteOutcome.NOT_APPLIED);
        }
        assertThat(node.current().version()).isZero();
        assertThat(http.get("/increment").body()).isEqualTo("Counter incremented to 1 (version 1)\n");
    }

    /**
     * Promise 5, no lockout: after a refused request the largest allowed amounts, up and down, go
     * on being applied exactly, and so do ordinary writes.
     */
    @Test
    void afterARefusalTheLargestAmountsAndOrdinaryWritesKeepWorking() throws Exception {
        assertThat(http.get("/increment?by=9223372036854775807").statusCode()).isEqualTo(400);
        long max = 9_007_199_254_740_992L;
        for (int i = 1; i <= 10; i++) {
            assertThat(http.get("/increment?by=" + max).body())
                    .isEqualTo("Counter incremented to " + max + " (version " + (2 * i - 1) * max + ")\n");
            assertThat(http.get("/decrement?by=" + max).body())
                    .isEqualTo("Counter decremented to 0 (version " + 2 * i * max + ")\n");
        }
        assertThat(http.get("/increment").body())
                .isEqualTo("Counter incremented to 1 (version " + (20 * max + 1) + ")\n");
        assertThat(http.get("/decrement?by=3").body())
                .isEqualTo("Counter decremented to -2 (version " + (20 * max + 4) + ")\n");
    }

    /**
     * Promise 5, the limit that remains: the 64-bit total holds 1,023 requests of the largest
     * amount; past it a write is refused with the reason and changes nothing, and what still fits
     * is applied.
     */
    @Test
    void theTotalRunsOutAfter1023RequestsOfTheLargestAmount() throws Exception {
        long max = 9_007_199_254_740_992L;
        for (int i = 0; i < 1020; i++) {
            node.store.add(i % 2 == 0 ? max : -max);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/increment?by=" + max).statusCode()).isEqualTo(200);
        }
        assertThat(node.current().version()).isEqualTo(1023 * max);
        HttpResponse<String> refused = http.get("/decrement?by=" + max);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .isEqualTo("decrement by " + max + " refused: the counter's version (the total of all operations, now "
                        + 1023 * max + ") would pass the signed 64-bit maximum 9223372036854775807; at most "
                        + (max - 1) + " more can be counted\n");
        assertThat(outcome(http.json("GET", "/increment?by=" + max))).isEqualTo(WriteOutcome.NOT_APPLIED);
        assertThat(http.get("/increment?by=" + (max - 1)).body())
                .isEqualTo("Counter incremented to " + (4 * max - 1) + " (version 9223372036854775807)\n");
        assertThat(http.get("/increment").statusCode()).isEqualTo(400);
        assertThat(http.get("/decrement").body()).contains("64-bit");
        assertThat(http.get("/counter").body())
                .isEqualTo("Counter: " + (4 * max - 1) + " (version 9223372036854775807)\n");
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

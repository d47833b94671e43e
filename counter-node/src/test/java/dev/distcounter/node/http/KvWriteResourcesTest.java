package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.node.kv.KeyLimits;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpResponse;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** {@code POST /kv/put} and {@code DELETE /kv/{key}}: GoDist's shapes, the outcome, the limits. */
class KvWriteResourcesTest extends RunningKvApiTest {
    static String refused(int status, String error) {
        return status + " {\"ok\":false,\"version\":0,\"owner\":\"\",\"error\":\"" + error
                + "\",\"outcome\":\"not_applied\"}";
    }

    @Test
    void aPutIsAppliedAndItsVersionGrows() throws Exception {
        assertThat(statusAndJson(put("", "{\"key\":\"alpha\",\"value\":\"first\"}")))
                .isEqualTo("200 {\"ok\":true,\"version\":1,\"owner\":\"localhost:9001\",\"outcome\":\"applied\"}");
        assertThat(statusAndJson(put("", "{\"value\":\"second\",\"key\":\"alpha\"}")))
                .isEqualTo("200 {\"ok\":true,\"version\":2,\"owner\":\"localhost:9001\",\"outcome\":\"applied\"}");
        assertThat(keys.calls)
                .containsExactly(
                        new FakeKeyspace.Call("put", "alpha", "first", OptionalInt.empty()),
                        new FakeKeyspace.Call("put", "alpha", "second", OptionalInt.empty()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void aBadBodyIs400WithItsOwnReasonAndWritesNothing(String body, String error) throws Exception {
        assertThat(statusAndJson(put("", body))).isEqualTo(refused(400, error));
        assertThat(keys.calls).isEmpty();
    }

    static Stream<Arguments> aBadBodyIs400WithItsOwnReasonAndWritesNothing() {
        String example = " such as {\\\"key\\\":\\\"alpha\\\",\\\"value\\\":\\\"first\\\"}";
        return Stream.of(
                Arguments.of("{\"value\":\"x\"}", "key required"),
                Arguments.of("{\"key\":\"\",\"value\":\"x\"}", "key required"),
                Arguments.of("{\"key\":null,\"value\":\"x\"}", "key required"),
                Arguments.of("{}", "key required"),
                Arguments.of("{\"key\":\"a\"}", "value required"),
                Arguments.of("{\"key\":\"a\",\"value\":null}", "value required"),
                Arguments.of("{\"key\":1,\"value\":\"x\"}", "key must be a JSON string, not a number"),
                Arguments.of("{\"key\":\"a\",\"value\":5}", "value must be a JSON string, not a number"),
                Arguments.of("{\"key\":\"a\",\"value\":true}", "value must be a JSON string, not a boolean"),
                Arguments.of("{\"key\":\"a\",\"value\":[\"x\"]}", "value must be a JSON string, not an array"),
                Arguments.of("{\"key\":{},\"value\":\"x\"}", "key must be a JSON string, not an object"),
                Arguments.of(
                        "{\"key\":\"a\",\"value\":\"x\",\"ttl\":5}",
                        "unknown field \\\"ttl\\\": the body has only key and value, as in"
                                + " {\\\"key\\\":\\\"alpha\\\",\\\"value\\\":\\\"first\\\"}"),
                Arguments.of("{\"key\":\"a\",\"key\":\"b\",\"value\":\"x\"}", "field \\\"key\\\" given twice"),
                Arguments.of("[\"a\",\"x\"]", "body must be a JSON object" + example + ", not an array"),
                Arguments.of("\"alpha\"", "body must be a JSON object" + example + ", not a string"),
                Arguments.of("", "body required: a JSON object" + example),
                Arguments.of("{\"key\":\"a\",\"value\":\"x\"} {}", "bad JSON: more after the object"),
                Arguments.of(
                        "{\"key\":\"a\",\"value\":\"x\"",
                        "bad JSON: Unexpected end-of-input: expected close marker for Object (line 1, column 23)"),
                Arguments.of(
                        "{key:\"a\"}",
                        "bad JSON: Unexpected character ('k' (code 107)): was expecting double-quote to start field"
                                + " name (line 1, column 2)"),
                Arguments.of(
                        "{\"key\":\"a\",\"value\":\"x\"} junk",
                        "bad JSON: Unrecognized token 'junk': was expecting (JSON String, Number, Array, Object or"
                                + " token 'null', 'true' or 'false') (line 1, column 29)"),
                Arguments.of(
                        "{\"key\":\"\\ud800\",\"value\":\"x\"}",
                        "key is not valid Unicode: a lone surrogate \\\\ud800 at char 0"),
                Arguments.of(
                        "{\"key\":\"a\",\"value\":\"x\\udc00\"}",
                        "value is not valid Unicode: a lone surrogate \\\\udc00 at char 1"));
    }

    @Test
    void aKeyOver1024BytesOfUtf8Is400() throws Exception {
        String longest = "é".repeat(512); // 1024 bytes
        assertThat(put("", "{\"key\":\"" + longest + "\",\"value\":\"v\"}").statusCode())
                .isEqualTo(200);
        assertThat(statusAndJson(put("", "{\"key\":\"" + longest + "x\",\"value\":\"v\"}")))
                .isEqualTo(refused(400, KeyLimits.keyProblem(longest + "x")))
                .contains("key too long: 1025 bytes of UTF-8, at most 1024");
        assertThat(keys.calls).hasSize(1);
    }

    @Test
    void aValueOf1MiBIsAcceptedAndOneByteMoreIs413() throws Exception {
        String largest = "x".repeat(KeyLimits.MAX_VALUE_BYTES);
        assertThat(put("", "{\"key\":\"big\",\"value\":\"" + largest + "\"}").statusCode())
                .isEqualTo(200);
        assertThat(keys.calls.get(0).value()).isEqualTo(largest);
        assertThat(statusAndJson(put("", "{\"key\":\"big\",\"value\":\"" + largest + "é\"}")))
                .isEqualTo(refused(413, "value too large: 1048578 bytes of UTF-8, at most 1048576"));
        assertThat(statusAndJson(put("", "{\"key\":\"big\",\"value\":\"" + largest + "x\"}")))
                .isEqualTo(refused(413, "value too large: 1048577 bytes of UTF-8, at most 1048576"));
        assertThat(keys.calls).hasSize(1);
    }

    /** The body limit holds every put the keyspace accepts, however its JSON escapes the value. */
    @Test
    void aLargestValueFitsEvenWithEveryCharacterEscaped() throws Exception {
        String escaped = "\\u0001".repeat(KeyLimits.MAX_VALUE_BYTES);
        assertThat(put("", "{\"key\":\"big\",\"value\":\"" + escaped + "\"}").statusCode())
                .isEqualTo(200);
        assertThat(keys.calls.get(0).value()).hasSize(KeyLimits.MAX_VALUE_BYTES);
    }

    @Test
    void aBodyOverTheRouteLimitIsDrainedAndAnswered413() throws Exception {
        HttpResponse<String> r = put("", "x".repeat(KvPutResource.MAX_BODY_BYTES + 1));
        assertThat(statusAndJson(r))
                .isEqualTo(refused(413, "request body larger than " + KvPutResource.MAX_BODY_BYTES + " bytes"));
        assertThat(r.headers().firstValue("Connection")).isEmpty();
        assertThat(keys.calls).isEmpty();
        assertThat(put("", "{\"key\":\"a\",\"value\":\"b\"}").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "?{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "w=0 | bad 'w' parameter \\\"0\\\": must be a whole number from 1 to 3",
                "w=4 | bad 'w' parameter \\\"4\\\": must be a whole number from 1 to 3",
                "w=two | bad 'w' parameter \\\"two\\\": must be a whole number from 1 to 3",
                "w=1&w=2 | parameter 'w' given more than once",
            })
    void aWriteQuorumOutside1ToNIs400(String query, String error) throws Exception {
        assertThat(statusAndJson(put("?" + query, "{\"key\":\"a\",\"value\":\"b\"}")))
                .isEqualTo(refused(400, error));
        assertThat(statusAndJson(http.call("DELETE", "/kv/a?" + query, null, null)))
                .isEqualTo(refused(400, error));
        assertThat(keys.calls).isEmpty();
    }

    @Test
    void aWriteQuorumIsPassedOn() throws Exception {
        put("?w=3", "{\"key\":\"a\",\"value\":\"b\"}");
        http.call("DELETE", "/kv/a?w=1", null, null);
        assertThat(keys.calls)
                .extracting(FakeKeyspace.Call::quorum)
                .containsExactly(OptionalInt.of(3), OptionalInt.of(1));
    }

    @ParameterizedTest
    @CsvSource({"NOT_APPLIED, not_applied", "INDETERMINATE, indeterminate"})
    void noWriteQuorumIs503WithTheCoordinatorsOutcome(WriteOutcome outcome, String json) throws Exception {
        keys.failedWrite = FakeKeyspace.quorumNotReached(outcome);
        String expected = "503 {\"ok\":false,\"version\":0,\"owner\":\"localhost:9001\",\"error\":\"write quorum not"
                + " reached: 1 of 2 acknowledgements\",\"outcome\":\"" + json + "\"}";
        assertThat(statusAndJson(put("", "{\"key\":\"a\",\"value\":\"b\"}"))).isEqualTo(expected);
        assertThat(statusAndJson(http.call("DELETE", "/kv/a", null, null))).isEqualTo(expected);
    }

    @Test
    void aCoordinatorThatFailsIs500Indeterminate() throws Exception {
        keys.writeFuture = CompletableFuture.failedFuture(new IllegalStateException("expected by the test"));
        // The failure is logged as a warning with its stack trace: keep it out of the build output.
        Logger dispatcherLog = (Logger) LoggerFactory.getLogger("dev.distcounter.common.http.Dispatcher");
        dispatcherLog.setLevel(Level.OFF);
        HttpResponse<String> r;
        try {
            r = put("", "{\"key\":\"a\",\"value\":\"b\"}");
        } finally {
            dispatcherLog.setLevel(null);
        }
        assertThat(statusAndJson(r))
                .isEqualTo("500 {\"ok\":false,\"version\":0,\"owner\":\"\",\"error\":\"internal error: expected by"
                        + " the test\",\"outcome\":\"indeterminate\"}");
    }

    @Test
    void aDeleteWritesATombstoneWithAPutsReplies() throws Exception {
        put("", "{\"key\":\"a/b c\",\"value\":\"x\"}");
        assertThat(statusAndJson(http.call("DELETE", "/kv/a%2Fb%20c", null, null)))
                .isEqualTo("200 {\"ok\":true,\"version\":2,\"owner\":\"localhost:9001\",\"outcome\":\"applied\"}");
        assertThat(http.get("/kv/get/a%2Fb%20c").statusCode()).isEqualTo(404);
        assertThat(statusAndJson(http.call("DELETE", "/kv/", null, null))).isEqualTo(refused(400, "key required"));
        assertThat(http.call("DELETE", "/kv/put", null, null).statusCode())
                .as("the key named put")
                .isEqualTo(200);
        assertThat(keys.calls)
                .extracting(FakeKeyspace.Call::operation, FakeKeyspace.Call::key)
                .containsExactly(
                        tuple("put", "a/b c"), tuple("delete", "a/b c"), tuple("get", "a/b c"), tuple("delete", "put"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /kv/put, 'DELETE, POST'", "PUT, /kv/put, 'DELETE, POST'", "POST, /kv/a, DELETE"})
    void aWrongMethodIs405InTheWritesShape(String method, String path, String allow) throws Exception {
        HttpResponse<String> r = http.call(method, path, null, null);
        assertThat(statusAndJson(r)).isEqualTo(refused(405, "method not allowed"));
        assertThat(r.headers().firstValue("Allow")).hasValue(allow);
    }

    /** The server's own errors on a write route: only a 500 (the handler failed) may have been applied. */
    @Test
    void theServersErrorsSayWhetherTheWriteMayHaveBeenApplied() {
        assertThat(KvWrites.ERROR_VIEWS.view(503, "too busy"))
                .as("a body the budget could not hold never reached the coordinator")
                .isEqualTo(KvWriteView.failed("too busy", WriteOutcome.NOT_APPLIED));
        assertThat(KvWrites.ERROR_VIEWS.view(413, "too large"))
                .isEqualTo(KvWriteView.failed("too large", WriteOutcome.NOT_APPLIED));
        assertThat(KvWrites.ERROR_VIEWS.view(500, "internal error"))
                .isEqualTo(KvWriteView.failed("internal error", WriteOutcome.INDETERMINATE));
        assertThat(KvWrites.ERROR_VIEWS.onlyJson()).isTrue();
    }

    @Test
    void everyWriteIsTimedByOperationAndOutcome() throws Exception {
        put("", "{\"key\":\"a\",\"value\":\"b\"}");
        put("", "{\"key\":\"\",\"value\":\"b\"}");
        http.call("DELETE", "/kv/a", null, null);
        keys.failedWrite = FakeKeyspace.quorumNotReached(WriteOutcome.INDETERMINATE);
        put("", "{\"key\":\"a\",\"value\":\"b\"}");
        assertThat(count("put", "applied")).isEqualTo(1);
        assertThat(count("put", "not_applied")).isEqualTo(1);
        assertThat(count("put", "indeterminate")).isEqualTo(1);
        assertThat(count("delete", "applied")).isEqualTo(1);
        assertThat(count("delete", "not_applied")).isZero();
    }

    private long count(String operation, String outcome) {
        Timer timer = http.registry
                .find("kv.writes")
                .tag("operation", operation)
                .tag("outcome", outcome)
                .timer();
        assertThat(timer).as(operation + " " + outcome).isNotNull();
        return timer.count();
    }
}

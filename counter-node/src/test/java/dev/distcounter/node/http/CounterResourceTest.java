package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CounterResourceTest extends RunningApiTest {
    @Test
    void theCounterInTextAndJson() throws Exception {
        http.get("/increment?by=2");
        http.get("/decrement");
        assertThat(http.get("/counter").body()).isEqualTo("Counter: 1 (version 3)\n");
        HttpResponse<String> json = http.json("GET", "/counter");
        assertThat(json.body())
                .as("the digest of the one entry localhost:9001#1 = (P 2, N 1)")
                .isEqualTo("{\"value\":1,\"version\":3,\"node\":\"localhost:9001\",\"digest\":\"04ec23e30c24866b\"}");
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    /** A waiting read answers in JSON with the digest of the state it waited for. */
    @Test
    void aWaitingReadInJsonHasTheDigestToo() throws Exception {
        http.get("/increment?by=3");
        assertThat(http.json("GET", "/counter?atLeast=3").body())
                .isEqualTo("{\"value\":3,\"version\":3,\"node\":\"localhost:9001\",\"digest\":\""
                        + node.current().digest() + "\"}");
        assertThat(node.current().digest()).isEqualTo("e273e710594c23de");
    }

    @Test
    void aReaderCanWaitForAVersion() throws Exception {
        http.get("/increment?by=2");
        assertThat(http.get("/counter?atLeast=2").body()).as("already there").isEqualTo("Counter: 2 (version 2)\n");
        CompletableFuture<HttpResponse<String>> waiting = http.getLater("/counter?atLeast=5&wait=10s");
        await().until(() -> node.versionWaits.size() == 2);
        CompletableFuture<?> wait = node.versionWaits.get(1);
        assertThat(waiting).as("version 2 < 5: still waiting").isNotDone();
        http.get("/increment");
        assertThat(wait).as("version 3 < 5: still waiting").isNotDone();
        http.get("/decrement?by=2");
        assertThat(waiting.get(5, TimeUnit.SECONDS).body()).isEqualTo("Counter: 1 (version 5)\n");
    }

    @Test
    void aWaitThatRunsOutAnswersWhatTheNodeHolds() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.get("/counter?atLeast=100&wait=200ms");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Counter: 0 (version 0)\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void onlyAnAtLeastOrWaitParameterMakesAReadWait() throws Exception {
        assertThat(http.get("/counter?x=wait&atLeastish=1&awaiting").body()).isEqualTo("Counter: 0 (version 0)\n");
        assertThat(node.versionWaits).as("no waiting read").isEmpty();
        assertThat(http.get("/counter?wait=0s").body()).isEqualTo("Counter: 0 (version 0)\n");
        assertThat(node.versionWaits).as("a waiting read, for version 0").hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/counter?atLeast=abc|bad 'atLeast' parameter \"abc\": must be a whole number from 0 to 9223372036854775807",
                "/counter?atLeast=-1|bad 'atLeast' parameter \"-1\": must be a whole number from 0 to 9223372036854775807",
                "/counter?atLeast=1&atLeast=2|parameter 'atLeast' given more than once",
                "/counter?atLeast=1&wait=forever|invalid duration \"forever\": use a number and a unit (ns, us, ms, s, m, h), e.g. 500ms, 2s, 1m30s",
                "/counter?atLeast=1&wait=31s|bad 'wait' parameter \"31s\": must be from 0s to 30s",
                "/counter?wait=-1s|bad 'wait' parameter \"-1s\": must be from 0s to 30s",
                "/counter?atLeast=1&wait=1s&wait=2s|parameter 'wait' given more than once",
            })
    void badWaitsAreRefused(String path, String reason) throws Exception {
        HttpResponse<String> r = http.get(path);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(reason + "\n");
        assertThat(http.json("GET", path).body()).isEqualTo("{\"error\":\"" + reason.replace("\"", "\\\"") + "\"}");
    }
}

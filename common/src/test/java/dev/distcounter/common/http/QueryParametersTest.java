package dev.distcounter.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParametersTest {
    RoutedHttpServer server;
    LoopbackClient client;

    @BeforeEach
    void start() throws Exception {
        server = RoutedHttpServer.start(
                new ServerSettings("127.0.0.1", 0, 2, "query-http", "test", Duration.ofSeconds(1)),
                Routes.answeringUnknownPaths(path -> "none").with(Route.at("/q").on("GET", request -> {
                    long n = request.query().wholeNumber("n", 1, 10, 1);
                    Duration d = request.query()
                            .duration("wait", Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(5));
                    return Reply.ok("n=" + n + " wait=" + d.toMillis(), null);
                })),
                RequestObserver.NONE);
        client = new LoopbackClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/q|n=1 wait=5000",
                "/q?n=10&wait=250ms|n=10 wait=250",
                "/q?n=%2B3&other=1&other=2|n=3 wait=5000",
                "/q?wait=0|n=1 wait=0",
            })
    void wellFormedParametersAreRead(String path, String answer) throws Exception {
        HttpResponse<String> r = client.get(path);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(answer + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/q?n=1&n=2|parameter 'n' given more than once",
                "/q?n=abc|bad 'n' parameter \"abc\": must be a whole number from 1 to 10",
                "/q?n=1.5|bad 'n' parameter \"1.5\": must be a whole number from 1 to 10",
                "/q?n|bad 'n' parameter \"\": must be a whole number from 1 to 10",
                "/q?n=0|bad 'n' parameter \"0\": must be a whole number from 1 to 10",
                "/q?n=11|bad 'n' parameter \"11\": must be a whole number from 1 to 10",
                "/q?n=9223372036854775808|bad 'n' parameter \"9223372036854775808\": must be a whole number from 1 to 10",
                "/q?wait=forever|invalid duration \"forever\": use a number and a unit (ns, us, ms, s, m, h), e.g. 500ms, 2s, 1m30s",
                "/q?wait=31s|bad 'wait' parameter \"31s\": must be from 0s to 30s",
                "/q?wait=-1s|bad 'wait' parameter \"-1s\": must be from 0s to 30s",
                "/q?n=a%0Ab|bad 'n' parameter \"a b\": must be a whole number from 1 to 10",
            })
    void malformedParametersAre400WithAOneLineReasonQuotingTheInput(String path, String reason) throws Exception {
        HttpResponse<String> r = client.get(path);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(reason + "\n");
    }

    @Test
    void aLongInputIsQuotedCutSoTheReasonStillSaysWhatIsExpected() throws Exception {
        HttpResponse<String> r = client.get("/q?n=" + "9".repeat(5000));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body())
                .hasSizeLessThan(OneLine.MAX_REASON_CHARS)
                .startsWith("bad 'n' parameter \"999")
                .endsWith("...\": must be a whole number from 1 to 10\n");
    }

    @Test
    void hasTellsWhetherANameIsGivenAtAll() {
        QueryParameters q = QueryParameters.parse("atLeast=3&flag&twice=1&twice=2");
        assertThat(q.has("atLeast")).isTrue();
        assertThat(q.has("flag")).isTrue();
        assertThat(q.has("twice")).isTrue();
        assertThat(q.has("wait")).isFalse();
        assertThat(QueryParameters.parse("await=1&waiting=2").has("wait")).isFalse();
        assertThat(q.text("flag")).isEmpty();
        assertThat(q.text("wait")).isNull();
        assertThatThrownBy(() -> q.text("twice"))
                .isInstanceOf(RequestRefusedException.class)
                .hasMessage("parameter 'twice' given more than once");
        assertThat(QueryParameters.parse(null).has("x")).isFalse();
    }
}

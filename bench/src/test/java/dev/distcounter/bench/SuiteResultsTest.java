package dev.distcounter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.distcounter.common.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteResultsTest {
    /** A suite line as run-bench.sh writes it. */
    static final String SUITE = "{\"kind\":\"suite\",\"command\":\"bench/run-bench.sh --quick\",\"repository\":\"/r\","
            + "\"commit\":\"abc1234\",\"uncommitted\":true,\"date\":\"2026-11-21 09:20:00 UTC\","
            + "\"loadAvg\":\"0.45 1.33 0.99\",\"workFs\":\"ext4\",\"tmpDir\":\"/tmp\",\"jdk\":\"OpenJDK 17\","
            + "\"javaOpts\":\"-Xmx128m\",\"mallocArenaMax\":\"2\",\"httpThreads\":8,"
            + "\"machine\":{\"cpus\":2,\"cpuModel\":\"AMD EPYC\",\"memoryKb\":25165824,\"kernel\":\"Linux 6.18\"},"
            + "\"wrk\":{\"version\":\"wrk 4.1.0\",\"path\":\"/usr/bin/wrk\",\"source\":\"found on PATH\"},"
            + "\"jars\":{\"node\":\"n.jar\",\"discovery\":\"d.jar\",\"bench\":\"b.jar\"},"
            + "\"plan\":{\"runs\":1,\"durationS\":3,\"warmupS\":2,\"loads\":[16,64],\"clusterNodes\":5,"
            + "\"clusterConnections\":13,\"convergenceSamples\":200,\"convergenceGapMs\":20,\"watchIntervalMs\":10}}";

    /** What bench/wrk-report.lua wrote for one real load. */
    static final String WRK_JSON = "{\"requests\":39375,\"durationUs\":2099610,\"bytes\":5512500,"
            + "\"requestsPerSec\":18753.483,\"errors\":{\"connect\":0,\"read\":2,\"write\":0,\"timeout\":1,"
            + "\"status\":4},\"latencyUs\":{\"min\":42,\"mean\":2000.590,\"stdev\":6599.768,\"p50\":585,"
            + "\"p90\":3077,\"p99\":44380,\"p999\":67637,\"max\":77332},"
            + "\"threadRequestsPerSec\":{\"mean\":9653.268,\"stdev\":4684.223,\"max\":22444}}";

    @Test
    void readsEveryKindOfLineAsTheScriptWritesThem() {
        List<String> text = List.of(
                SUITE,
                "{\"kind\":\"load\",\"run\":1,\"server\":\"dur\",\"node\":0,\"path\":\"/increment\","
                        + "\"connections\":64,\"threads\":2,\"wrk\":" + WRK_JSON + ",\"output\":\"/w/x.txt\"}",
                "{\"kind\":\"rss\",\"run\":1,\"server\":\"cluster\",\"node\":3,\"phase\":\"end\",\"rssKb\":120000,"
                        + "\"hwmKb\":130000}",
                "",
                "{\"kind\":\"join\",\"run\":1,\"ms\":300,\"allPeers\":true}",
                "{\"kind\":\"watch\",\"run\":1,\"exitCode\":0,\"result\":{\"converged\":true,\"convergeMs\":22.5,"
                        + "\"value\":100,\"version\":100,\"rounds\":40,\"intervalMs\":10,\"states\":null},"
                        + "\"log\":\"/w/watch.log\"}",
                "{\"kind\":\"convergence\",\"run\":1,\"exitCode\":1,\"result\":null,\"log\":\"/w/c.log\"}",
                "{\"kind\":\"program\",\"className\":\"RestartTime\",\"args\":\"--ops 1000000\",\"exitCode\":0,"
                        + "\"seconds\":3,\"output\":\"# Restart\\n| a |\",\"errorTail\":\"\",\"errorLog\":\"/w/e\"}",
                "{\"kind\":\"note\",\"text\":\"a \\\"quoted\\\" line\\nand another\",\"problem\":true}",
                "{\"kind\":\"end\",\"loadAvg\":\"1.0 0.9 0.8\",\"tookSeconds\":125}");

        SuiteResults r = SuiteResults.parse(text, "results.jsonl");

        assertThat(r.suite().uncommitted()).isTrue();
        assertThat(r.plan().loads()).containsExactly(16, 64);
        assertThat(r.lines()).hasSize(9);
        ResultLine.Load load = r.all(ResultLine.Load.class).findFirst().orElseThrow();
        assertThat(load.server()).isEqualTo(Server.DURABLE);
        assertThat(load.wrk().requestsPerSec()).isEqualTo(18753.483);
        assertThat(load.wrk().errors().total()).isEqualTo(7);
        assertThat(load.wrk().p50Ms()).isEqualTo(0.585);
        assertThat(load.wrk().p99Ms()).isEqualTo(44.38);
        ResultLine.Rss rss = r.all(ResultLine.Rss.class).findFirst().orElseThrow();
        assertThat(rss.phase()).isEqualTo(ResultLine.Phase.END);
        assertThat(rss.node()).isEqualTo(3);
        assertThat(r.all(ResultLine.Watch.class)
                        .findFirst()
                        .orElseThrow()
                        .result()
                        .convergeMs())
                .isEqualTo(22.5);
        assertThat(r.all(ResultLine.Convergence.class).findFirst().orElseThrow().result())
                .isNull();
        assertThat(r.all(ResultLine.Note.class).findFirst().orElseThrow().text())
                .isEqualTo("a \"quoted\" line\nand another");
        assertThat(r.end()).hasValueSatisfying(e -> assertThat(e.tookSeconds()).isEqualTo(125));
    }

    @Test
    void whatTheToolsWriteIsWhatTheReportReads() throws JsonProcessingException {
        WatchResult watch = new WatchResult(false, 60000, null, null, 5000, 10, "1=5/5,2=?");
        ConvergenceResult convergence =
                new ConvergenceResult(200, 0.71, 3.25, 5.67, 9.77, 1.1, 1.98, 8.42, 0, 0, 0.08, 0.3, 31);

        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(watch), WatchResult.class))
                .isEqualTo(watch);
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(convergence), ConvergenceResult.class))
                .isEqualTo(convergence);
    }

    @Test
    void recordsWrittenByJacksonReadBackWithTheirKind() throws JsonProcessingException {
        SuiteResults made = ResultsFixture.of(2, List.of(16, 64))
                .load(1, Server.CEILING, "/counter", 64, 50_000)
                .rss(1, Server.DURABLE, 0, ResultLine.Phase.LOAD, 1, 2)
                .end(10)
                .results();
        List<String> text = new ArrayList<>();
        for (ResultLine line : made.lines()) {
            text.add(Json.MAPPER.writerFor(ResultLine.class).writeValueAsString(line));
        }

        assertThat(text.get(1)).startsWith("{\"kind\":\"load\"");
        assertThat(SuiteResults.parse(text, "x")).isEqualTo(made);
    }

    @Test
    void aBadLineIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> SuiteResults.parse(List.of(SUITE, "{\"kind\":\"load\",\"run\":1"), "r.jsonl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("r.jsonl, line 2: ");
        assertThatThrownBy(() -> SuiteResults.parse(List.of(SUITE, "{\"kind\":\"loads\"}"), "r.jsonl"))
                .hasMessageStartingWith("r.jsonl, line 2: ");
        assertThatThrownBy(() -> SuiteResults.parse(
                        List.of(SUITE, "{\"kind\":\"load\",\"run\":1,\"server\":\"dur\",\"path\":\"/x\"}"), "r.jsonl"))
                .hasMessageStartingWith("r.jsonl, line 2: ");
    }

    @Test
    void aFileWithoutExactlyOneSuiteLineIsRefused() {
        assertThatThrownBy(() -> SuiteResults.parse(List.of("{\"kind\":\"end\",\"tookSeconds\":1}"), "r.jsonl"))
                .hasMessageContaining("no suite line");
        assertThatThrownBy(() -> SuiteResults.parse(List.of(SUITE, SUITE), "r.jsonl"))
                .hasMessageContaining("line 2: a second suite line");
    }
}

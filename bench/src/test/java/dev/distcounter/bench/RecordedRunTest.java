package dev.distcounter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The results file of a real {@code bench/run-bench.sh --quick} (quick-run.jsonl, as the script,
 * wrk-report.lua and wrk-kv.lua wrote it, 2026-12-01 with the keyspace): the script's lines and the
 * report's records still match, and every figure of the report is filled.
 */
class RecordedRunTest {

    private static SuiteResults recorded() throws IOException {
        try (InputStream in = RecordedRunTest.class.getResourceAsStream("quick-run.jsonl")) {
            assertThat(in).as("quick-run.jsonl").isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return SuiteResults.parse(Arrays.asList(text.split("\n", -1)), "quick-run.jsonl");
        }
    }

    @Test
    void everySectionAndEveryFigureIsFilled() throws IOException {
        SuiteResults results = recorded();
        String report = BenchReport.render(results, ReportNotes.collect(results), "quick-run.jsonl");

        assertThat(report)
                .contains(
                        "## Targets",
                        "## 1. HTTP ceiling",
                        "## 2. `/increment` on one node",
                        "## 3. `/counter` on one node",
                        "## 4. Write load over the 5-node layout, then convergence",
                        "## 5. Single-increment convergence latency to all 5 nodes",
                        "## 6. Growth with cluster size",
                        "## 7. Restart time",
                        "## 8. Memory (resident set size)",
                        "## 9. Keyspace on 3 nodes: put and get through one coordinator",
                        "## 10. Keyspace: a node restarting on a million keys, and its memory")
                .doesNotContain("not measured", "Not run");
        List<String> emptyCells = report.lines()
                .filter(line -> line.startsWith("|") && line.contains("| - |"))
                .toList();
        // the ceiling is the one process not sampled after its load; the quick plan has no
        // one-connection /counter to compare the one-key put with
        assertThat(emptyCells)
                .containsExactly(
                        "| HTTP ceiling | 62 MB | 110 MB | 110 MB | - |",
                        "| put, one key | 1 | 1,217 | - |  | 0.75 ms | 3.45 ms |  | 0 | 0 |");
        assertThat(report).doesNotContainPattern("node \\d - ");
    }

    @Test
    void ratiosComeFromTheSameRunsLoads() throws IOException {
        SuiteFigures f = new SuiteFigures(recorded());

        // 26,428 / 37,121 requests per second, as the progress output showed them
        assertThat(f.ratioToCeiling(Server.DURABLE, "/increment", 64).median().orElseThrow())
                .isCloseTo(26_428.0 / 37_121, org.assertj.core.data.Offset.offset(0.001));
        assertThat(f.clusterRequestsPerSec().median().orElseThrow()).isBetween(3_242.0, 3_244.0);
        // the keyspace's puts (4,353/s, no error answers) over the durable node's /counter at 16 (37,187/s)
        assertThat(f.keyspaceRatioToCounter(KeyspaceSection.PUT, 16).median().orElseThrow())
                .isCloseTo(4_353.0 / 37_187, org.assertj.core.data.Offset.offset(0.001));
    }
}

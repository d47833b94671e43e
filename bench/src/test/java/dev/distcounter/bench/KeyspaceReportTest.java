package dev.distcounter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Item 9 and 10 of the report: the keyspace's loads against the one node's {@code /counter}, its targets, its notes. */
class KeyspaceReportTest {

    /**
     * Two runs. {@code /counter} at 16 connections: 40,000 then 20,000/s. Puts: 6,000 then 5,000/s,
     * the second run with 5,000 of its 25,000 answers 503s; gets 15,000 then 8,000/s.
     */
    static ResultsFixture twoRuns() {
        ResultsFixture f = ResultsFixture.of(2, List.of(16, 64));
        f.load(1, Server.DURABLE, "/counter", 16, 40_000).load(2, Server.DURABLE, "/counter", 16, 20_000);
        f.load(1, Server.KEYSPACE, 1, KeyspaceSection.PUT, 16, 6_000, 2.0, 8.0, 0);
        f.load(2, Server.KEYSPACE, 1, KeyspaceSection.PUT, 16, 5_000, 3.0, 14.0, 5_000);
        f.load(1, Server.KEYSPACE, 1, KeyspaceSection.GET, 16, 15_000, 1.0, 4.0, 0);
        f.load(2, Server.KEYSPACE, 1, KeyspaceSection.GET, 16, 8_000, 1.0, 6.0, 0);
        f.load(1, Server.KEYSPACE, 1, KeyspaceSection.PUT_ONE_KEY, 1, 1_000, 0.9, 3.0, 0);
        f.line(new ResultLine.Preload(1, 0, new KvLoadResult(10_000, 16, 5.0, 2_000, 0, null), "/work/kvload-r1.log"));
        f.line(new ResultLine.Preload(
                2, 1, new KvLoadResult(10_000, 16, 4.0, 2_500, 3, "bench-0042: 503 {...}"), "/work/kvload-r2.log"));
        f.rss(1, Server.KEYSPACE, 1, ResultLine.Phase.END, 150_000, 160_000);
        f.rss(1, Server.KEYSPACE, 2, ResultLine.Phase.END, 110_000, 112_000);
        return f.end(200);
    }

    @Test
    void goodAnswersLeaveOutErrorAnswers() {
        WrkFigures half = new WrkFigures(
                1000,
                1_000_000,
                0,
                1000,
                new WrkFigures.Errors(0, 0, 0, 0, 500),
                new WrkFigures.Latency(0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(half.okPerSec()).isEqualTo(500);
        WrkFigures none =
                new WrkFigures(0, 1_000_000, 0, 0, half.errors(), new WrkFigures.Latency(0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(none.okPerSec()).isZero();
    }

    @Test
    void ratiosAreGoodAnswersOverTheSameRunsCounter() {
        SuiteFigures f = new SuiteFigures(twoRuns().results());

        // run 1: 6,000 / 40,000; run 2: (25,000 - 5,000) / 5 s = 4,000 over 20,000
        assertThat(f.keyspaceRatioToCounter(KeyspaceSection.PUT, 16).value(1).orElseThrow())
                .isCloseTo(0.15, within(1e-9));
        assertThat(f.keyspaceRatioToCounter(KeyspaceSection.PUT, 16).value(2).orElseThrow())
                .isCloseTo(0.2, within(1e-9));
        assertThat(f.keyspaceRatioToCounter(KeyspaceSection.PUT_ONE_KEY, 1).isEmpty())
                .as("no /counter at 1 connection in this plan")
                .isTrue();
    }

    @Test
    void sectionNineShowsRatesRatiosLatenciesAndErrorAnswers() {
        String report = twoRuns().report();

        assertThat(report)
                .contains("## 9. Keyspace on 3 nodes: put and get through one coordinator")
                .contains("10,000 keys (`bench-0000` ...) of 100-byte values")
                .contains(": 2,250 puts/s (2,000 – 2,500), failed puts: 3 (the most in one run).")
                .contains("| put, random keys | 16 | 5,000 (4,000 – 6,000) | 0.18 (0.15 – 0.20) | ≥ 0.2 (**missed**)"
                        + " | 2.50 ms (2.00 – 3.00) | 11.00 ms (8.00 – 14.00) | < 10 (**missed**) | 2,500 (0 – 5,000)"
                        + " | 0 (0 – 0) |")
                .contains("| get, random keys | 16 | 11,500 (8,000 – 15,000) | 0.39 (0.38 – 0.40) | ≥ 0.35 (met)"
                        + " | 1.00 ms (1.00 – 1.00) | 5.00 ms (4.00 – 6.00) | < 10 (met) |")
                .contains("| put, one key | 1 | 1,000 | - |  | 0.90 ms | 3.00 ms |  | 0 | 0 |")
                .contains("Nodes after the loads (VmRSS / VmHWM): node 1 154 MB / 164 MB; node 2 113 MB / 115 MB;"
                        + " node 3 - / -.");
    }

    @Test
    void theTargetsTableJudgesTheKeyspaceOnTheMedians() {
        String report = twoRuns().report();

        assertThat(report)
                .contains("| keyspace put (3 nodes, N=3 R=2 W=2, WAL + fsync; 16 connections on one coordinator,"
                        + " random keys), good answers/s ≥ 0.2 × `/counter` on one node | 0.18× (0.15 – 0.20)"
                        + " | **missed** |")
                .contains("| keyspace put, p99 < 10 ms | 11.00 ms (8.00 – 14.00) | **missed** |")
                .contains("good answers/s ≥ 0.35 × `/counter` on one node | 0.39× (0.38 – 0.40) | met |")
                .contains("| keyspace get, p99 < 10 ms | 5.00 ms (4.00 – 6.00) | met |");
    }

    @Test
    void errorAnswersAndAFailedPreloadAreProblems() {
        List<ResultLine.Note> notes = ReportNotes.collect(twoRuns().results());

        assertThat(notes)
                .extracting(ResultLine.Note::text)
                .containsExactly(
                        "run 2, 3-node keyspace, /kv/put, 16 connections: wrk counted 5000 errors or non-2xx answers"
                                + " (see /work/wrk-2.txt)",
                        "run 2: the keyspace's preload failed (3 of 10000 puts failed, the first: bench-0042: 503"
                                + " {...}; exit code 1, see /work/kvload-r2.log); gets of the keys it missed answer"
                                + " 404");
        assertThat(ReportNotes.hasProblems(notes)).isTrue();
    }

    @Test
    void resultsFromBeforeTheKeyspaceSayItWasNotRun() {
        ResultLine.Suite old = ResultsFixture.of(1, List.of(16, 64)).results().suite();
        ResultLine.Plan before = ResultsFixture.planBeforeKeyspace(old.plan());
        ResultLine.Suite suite = new ResultLine.Suite(
                old.command(),
                old.repository(),
                old.commit(),
                old.uncommitted(),
                old.date(),
                old.loadAvg(),
                old.workFs(),
                old.tmpDir(),
                old.jdk(),
                old.javaOpts(),
                old.mallocArenaMax(),
                old.httpThreads(),
                old.machine(),
                old.wrk(),
                old.jars(),
                before);
        SuiteResults results = new SuiteResults(suite, List.of(suite));
        String report = BenchReport.render(results, List.of(), "r");

        assertThat(report)
                .contains("## 9. Keyspace on 3 nodes: put and get through one coordinator\n\nNot run (these results"
                        + " are from before the suite measured the keyspace).")
                .contains("## 10. Keyspace: a node restarting on a million keys, and its memory\n\nNot run")
                .doesNotContain("keyspace put");
    }

    @Test
    void theRestartProgramsOutputIsItemTen() {
        String report = twoRuns()
                .line(new ResultLine.Program(
                        "KvNodeRestart", "--repeats 1", 0, 17, "## A node restarting\n\n| log |\n", "", "/w/e"))
                .report();

        assertThat(report)
                .contains("## 10. Keyspace: a node restarting on a million keys, and its memory\n\n`java -cp"
                        + " bench/target/benchmarks.jar dev.distcounter.bench.KvNodeRestart --repeats 1` (took 17"
                        + " s):\n\n### A node restarting");
        assertThat(report.indexOf("## 8.")).isLessThan(report.indexOf("## 9."));
        assertThat(report.indexOf("## 9.")).isLessThan(report.indexOf("## 10."));
    }
}

package dev.distcounter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report made from results files: figures, spreads, per-run ratios, verdicts and notes. */
class BenchReportTest {

    /**
     * Two runs. The ceiling is much faster in run 1, so per-run ratios and ratios of medians
     * differ; the WAL without fsync was not measured; /counter at 64 only in run 1.
     */
    static ResultsFixture twoRuns() {
        ResultsFixture f = ResultsFixture.of(2, List.of(16, 64));
        f.load(1, Server.CEILING, "/counter", 16, 40_000).load(1, Server.CEILING, "/counter", 64, 50_000);
        f.load(2, Server.CEILING, "/counter", 16, 20_000).load(2, Server.CEILING, "/counter", 64, 30_000);
        f.load(1, Server.DURABLE, "/increment", 16, 20_000).load(1, Server.DURABLE, "/increment", 64, 45_000);
        f.load(2, Server.DURABLE, "/increment", 16, 14_000);
        f.load(2, Server.DURABLE, 0, "/increment", 64, 15_000, 0.5, 2.0, 3);
        f.load(1, Server.DURABLE, "/counter", 16, 38_000).load(1, Server.DURABLE, "/counter", 64, 49_000);
        f.load(2, Server.DURABLE, "/counter", 16, 16_000);
        f.load(1, Server.NO_WAL, "/increment", 64, 44_000).load(2, Server.NO_WAL, "/increment", 64, 27_000);
        for (int node = 1; node <= 5; node++) {
            f.load(1, Server.CLUSTER, node, "/increment", 13, 1000.0 * node, 0.5, node == 3 ? 38.7 : 2.0, 0);
            f.load(2, Server.CLUSTER, node, "/increment", 13, 2000.0 * node, 0.5, node == 3 ? 10.0 : 2.0, 0);
        }
        f.join(1, 300, true).join(2, 20_000, false);
        f.watch(1, new WatchResult(true, 22.04, 100L, 100L, 30, 10, null));
        f.watch(2, new WatchResult(false, 60_000, null, null, 6000, 10, "1=5/5,2=?"));
        f.convergence(1, 0, 0.6, 4.0).convergence(2, 0, 0.8, 6.0);
        f.rss(1, Server.DURABLE, 0, ResultLine.Phase.IDLE, 83_000, 83_000);
        f.rss(1, Server.DURABLE, 0, ResultLine.Phase.LOAD, 120_000, 120_000);
        f.rss(1, Server.DURABLE, 0, ResultLine.Phase.LOAD, 137_000, 137_000);
        f.rss(1, Server.DURABLE, 0, ResultLine.Phase.END, 130_000, 141_602);
        f.rss(2, Server.DURABLE, 0, ResultLine.Phase.END, 130_000, 136_719);
        f.rss(1, Server.CLUSTER, 2, ResultLine.Phase.END, 117_188, 126_954);
        f.line(new ResultLine.Program(
                "ClusterGrowth", "--sizes 10,100", 0, 12, "# Growth\n\n| N |\n|---|\n| 10 |\n", "", "/w/e"));
        return f.end(125);
    }

    @Test
    void ratiosToTheCeilingAreMediansOfEachRunsRatio() {
        String report = twoRuns().report();

        assertThat(report)
                .contains("| 64 | 40,000 (30,000 – 50,000) | 0.50 ms (0.50 – 0.50) | 2.00 ms (2.00 – 2.00) |")
                // 45,000 / 50,000 and 15,000 / 30,000: median 0.70, not 30,000 / 40,000
                .contains("| WAL + fsync | 64 | 30,000 (15,000 – 45,000) | 0.70 (0.50 – 0.90) | ≥ 0.8 (**missed**) |")
                .contains("| WAL + fsync | 16 | 17,000 (14,000 – 20,000) | 0.60 (0.50 – 0.70) | ≥ 0.6 (met) |")
                .contains("| none | 64 | 35,500 (27,000 – 44,000) | 0.89 (0.88 – 0.90) |  |");
    }

    @Test
    void targetsAreJudgedOnTheMedians() {
        String report = twoRuns().report();

        assertThat(report)
                .contains("| durable `/increment` (WAL + fsync), 64 connections ≥ 0.8 × ceiling"
                        + " | 0.70× (0.50 – 0.90) | **missed** |")
                .contains("| durable `/increment` (WAL + fsync), 16 connections ≥ 0.6 × ceiling"
                        + " | 0.60× (0.50 – 0.70) | met |")
                .contains("| `/counter`, 16 connection(s) ≥ 0.9 × ceiling | 0.88× (0.80 – 0.95) | **missed** |")
                // measured in one run only: the value alone
                .contains("| `/counter`, 64 connection(s) ≥ 0.9 × ceiling | 0.98× | met |")
                .contains(
                        "| single-increment convergence to 5 nodes, p99 < 5 ms | 5.00 ms (4.00 – 6.00) | **missed** |")
                // memory is judged on the highest run: 141,602 KiB = 145 MB
                .contains("| highest 145 MB; median 143 MB (140 – 145) | met |");
    }

    @Test
    void whatWasNotMeasuredIsADashAndIsNotJudged() {
        String report = twoRuns().report();

        assertThat(report)
                .contains("| WAL, no fsync | 16 | - | - |  | - | - |")
                .contains("| WAL, no fsync | 64 | - | - |  | - | - |")
                .contains("| node, WAL, no fsync | - | - | - | - |")
                .contains("| HTTP ceiling | - | - | - | - |")
                .contains("(VmRSS / VmHWM): node 1 - / -; node 2 120 MB / 130 MB; node 3 - / -;");

        String oneRun = ResultsFixture.of(1, List.of(16, 64)).end(60).report();
        assertThat(oneRun)
                .contains("| target | measured | verdict |\n|---|---|---|\n\n")
                .contains("| 16 | - | - | ≥ 0.9 (not measured) | - | - |")
                .contains("| - | - | - | - | - | - |");
    }

    @Test
    void theFiveNodeLayoutAddsItsNodesAndTakesTheWorstP99() {
        String report = twoRuns().report();

        // run 1: 15,000/s against a ceiling of 50,000; run 2: 30,000 against 30,000
        assertThat(report)
                .contains("| 22,500 (15,000 – 30,000) | 0.65 (0.30 – 1.00) | 24.35 ms (10.00 – 38.70) | 22.0 ms"
                        + " | 10,150 ms (300 – 20,000) |")
                .contains("Per node (requests/s): node 1 1,500 (1,000 – 2,000); node 2 3,000 (2,000 – 4,000);");
    }

    @Test
    void memoryUnderLoadIsTheHighestSample() {
        assertThat(twoRuns().report()).contains("| node, WAL + fsync | 85 MB | 140 MB | 143 MB (140 – 145) | - |");
    }

    @Test
    void headerSaysWhatRanAndHowFiguresAreMade() {
        String report = twoRuns().report();

        assertThat(report)
                .startsWith("# Benchmark report\n\n- Command: `bench/run-bench.sh --runs 2` (repository /repo,"
                        + " commit abc1234)\n- Date: 2026-11-21 09:20:00 UTC; took 2 min 5 s\n")
                .contains("- Machine: 2 vCPU AMD EPYC, 24 GiB RAM, Linux 6.18.0 x86_64; load average (1, 5, 15 min)"
                        + " before the start: 0.10 0.20 0.30, at the end: 1.00 0.90 0.80")
                .contains("- 2 runs; every figure is the median over the runs")
                .contains("- Raw measurements: `/work/results.jsonl`");
        assertThat(ResultsFixture.of(1, List.of(16, 64)).report())
                .contains("- 1 run (quick mode: indicative only;")
                .contains("; took ?\n");
    }

    @Test
    void programsOutputGoesInOneHeadingLevelDown() {
        String report = twoRuns().report();

        assertThat(report)
                .contains("## 6. Growth with cluster size\n\n`java -cp bench/target/benchmarks.jar"
                        + " dev.distcounter.bench.ClusterGrowth --sizes 10,100` (took 12 s):\n\n## Growth\n\n| N |")
                // a program the results have no line for
                .contains("## 7. Restart time\n\nNot run (the results have no line for it).");
        assertThat(report.indexOf("## 5.")).isLessThan(report.indexOf("## 6."));
        assertThat(report.indexOf("## 7.")).isLessThan(report.indexOf("## 8."));
    }

    @Test
    void problemsAndCaveatsAreNoted() {
        SuiteResults results = twoRuns().results();
        List<ResultLine.Note> notes = ReportNotes.collect(results);

        assertThat(notes)
                .extracting(ResultLine.Note::text)
                .containsExactly(
                        "run 2, node with WAL + fsync, /increment, 64 connections: wrk counted 3 errors or non-2xx"
                                + " answers (see /work/wrk-2.txt)",
                        "run 2: not every node listed all its peers within 20 s; measuring anyway",
                        "run 2: the cluster did not converge (within 60 s after the load; last answers 1=5/5,2=?;"
                                + " exit code 1, see /work/watch.log)");
        assertThat(ReportNotes.hasProblems(notes)).isTrue();
        assertThat(BenchReport.render(results, notes, "r"))
                .endsWith("## Notes\n\n- run 2, node with WAL + fsync,"
                        + " /increment, 64 connections: wrk counted 3 errors or non-2xx answers (see /work/wrk-2.txt)\n"
                        + "- run 2: not every node listed all its peers within 20 s; measuring anyway\n"
                        + "- run 2: the cluster did not converge (within 60 s after the load; last answers 1=5/5,2=?;"
                        + " exit code 1, see /work/watch.log)\n\n");
    }

    @Test
    void aCleanRunHasNoNotesAndCaveatsAloneAreNoProblem() {
        SuiteResults clean = ResultsFixture.of(1, List.of(16, 64)).end(60).results();
        assertThat(ReportNotes.collect(clean)).isEmpty();
        assertThat(BenchReport.render(clean, List.of(), "r")).doesNotContain("## Notes");

        SuiteResults busyOnTmpfs =
                ResultsFixture.of(1, List.of(16, 64), "1.50 0.50 0.20", "tmpfs").results();
        List<ResultLine.Note> notes = ReportNotes.collect(busyOnTmpfs);
        assertThat(notes).hasSize(2);
        assertThat(notes.get(0).text()).startsWith("/tmp is on tmpfs");
        assertThat(notes.get(1).text()).startsWith("the machine was busy when the suite started (load average 1.50");
        assertThat(ReportNotes.hasProblems(notes)).isFalse();
    }

    @Test
    void busyMeansAOneMinuteLoadAboveHalfTheCpus() {
        assertThat(ReportNotes.busy("1.01 0.2 0.1", 2)).isTrue();
        assertThat(ReportNotes.busy("1.00 3.0 3.0", 2)).isFalse();
        assertThat(ReportNotes.busy("", 2)).isFalse();
        assertThat(ReportNotes.busy("?", 2)).isFalse();
        assertThat(ReportNotes.busy("5.0", 0)).isFalse();
    }

    @Test
    void aFailedProgramOrConvergenceRunIsAProblem() {
        SuiteResults results = ResultsFixture.of(1, List.of(16, 64))
                .convergence(1, 1, 0.5, 3.0)
                .line(new ResultLine.Program("RestartTime", "", 1, 3, "", "boom\nat x", "/w/RestartTime.err"))
                .results();

        assertThat(ReportNotes.collect(results))
                .extracting(ResultLine.Note::text)
                .containsExactly(
                        "run 1: ConvergenceLatency failed or timed out (exit code 1; see /work/convergence.log)",
                        "RestartTime exited with code 1 (see /w/RestartTime.err)");
        assertThat(BenchReport.render(results, List.of(), "r"))
                .contains("(exited with code 1; its error output: boom at x)")
                // its figures are reported all the same
                .contains("| 0.50 ms | 1.80 ms | 3.00 ms | 6.00 ms | 0.50 ms | 0 |");
    }
}

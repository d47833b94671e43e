package dev.distcounter.bench;

import java.util.ArrayList;
import java.util.List;

/** Results of a made-up run of the suite, built line by line, for the report's tests. */
final class ResultsFixture {
    private final ResultLine.Suite suite;
    private final List<ResultLine> lines = new ArrayList<>();

    private ResultsFixture(ResultLine.Suite suite) {
        this.suite = suite;
        lines.add(suite);
    }

    static ResultsFixture of(int runs, List<Integer> loads) {
        return of(runs, loads, "0.10 0.20 0.30", "ext4");
    }

    static ResultsFixture of(int runs, List<Integer> loads, String loadAvg, String workFs) {
        return new ResultsFixture(new ResultLine.Suite(
                "bench/run-bench.sh --runs " + runs,
                "/repo",
                "abc1234",
                false,
                "2026-11-21 09:20:00 UTC",
                loadAvg,
                workFs,
                "/tmp",
                "OpenJDK 64-Bit Server VM 17.0.15",
                "-Xms32m -Xmx128m -XX:+UseSerialGC",
                "2",
                8,
                new ResultLine.Machine(2, "AMD EPYC", 25_165_824, "Linux 6.18.0 x86_64"),
                new ResultLine.Wrk("wrk 4.1.0", "/usr/bin/wrk", "found on PATH"),
                new ResultLine.Jars("/repo/node.jar", "/repo/discovery.jar", "/repo/benchmarks.jar"),
                new ResultLine.Plan(runs, 5, 3, loads, 5, 13, 200, 20, 10, 3, 10_000, 16, 100, 30, 60, 120)));
    }

    /**
     * {@code plan} as results from before the keyspace (issue 12) and the warm-up rule (issue 14)
     * recorded it: those fields 0.
     */
    static ResultLine.Plan planBeforeKeyspace(ResultLine.Plan plan) {
        return new ResultLine.Plan(
                plan.runs(),
                plan.durationS(),
                plan.warmupS(),
                plan.loads(),
                plan.clusterNodes(),
                plan.clusterConnections(),
                plan.convergenceSamples(),
                plan.convergenceGapMs(),
                plan.watchIntervalMs(),
                0,
                0,
                0,
                0,
                0,
                0,
                0);
    }

    /** A load with p50 and p99 in milliseconds and {@code status} non-2xx answers. */
    ResultsFixture load(
            int run, Server server, int node, String path, int c, double rps, double p50Ms, double p99Ms, long status) {
        WrkFigures wrk = new WrkFigures(
                (long) (rps * 5),
                5_000_000,
                1000,
                rps,
                new WrkFigures.Errors(0, 0, 0, 0, status),
                new WrkFigures.Latency(
                        10, p50Ms * 1000, 1, p50Ms * 1000, p99Ms * 900, p99Ms * 1000, p99Ms * 1000, p99Ms * 1200));
        lines.add(new ResultLine.Load(run, server, node, path, c, 2, wrk, "/work/wrk-" + run + ".txt"));
        return this;
    }

    ResultsFixture load(int run, Server server, String path, int c, double rps) {
        return load(run, server, 0, path, c, rps, 0.5, 2.0, 0);
    }

    ResultsFixture rss(int run, Server server, int node, ResultLine.Phase phase, long rssKb, long hwmKb) {
        lines.add(new ResultLine.Rss(run, server, node, phase, rssKb, hwmKb));
        return this;
    }

    ResultsFixture warmup(int run, Server server, String path, int seconds, boolean steady, Double... rates) {
        lines.add(new ResultLine.Warmup(run, server, path, seconds, List.of(rates), steady));
        return this;
    }

    ResultsFixture join(int run, long ms, boolean allPeers) {
        lines.add(new ResultLine.Join(run, ms, allPeers));
        return this;
    }

    ResultsFixture watch(int run, WatchResult result) {
        lines.add(new ResultLine.Watch(run, result != null && result.converged() ? 0 : 1, result, "/work/watch.log"));
        return this;
    }

    ResultsFixture convergence(int run, int exitCode, double p50Ms, double p99Ms) {
        lines.add(new ResultLine.Convergence(
                run,
                exitCode,
                new ConvergenceResult(200, p50Ms, p99Ms * 0.6, p99Ms, p99Ms * 2, p50Ms, 1.5, 8.0, 0, 0, 0.07, 0.3, 30),
                "/work/convergence.log"));
        return this;
    }

    ResultsFixture line(ResultLine line) {
        lines.add(line);
        return this;
    }

    ResultsFixture end(long tookSeconds) {
        lines.add(new ResultLine.End("1.00 0.90 0.80", tookSeconds));
        return this;
    }

    SuiteResults results() {
        return new SuiteResults(suite, lines);
    }

    String report() {
        SuiteResults results = results();
        return BenchReport.render(results, ReportNotes.collect(results), "/work/results.jsonl");
    }
}

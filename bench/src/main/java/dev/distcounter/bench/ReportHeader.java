package dev.distcounter.bench;

import java.util.Locale;

/** The report's title and its list of what was run where, with what, and how the figures are made. */
final class ReportHeader {
    private ReportHeader() {}

    static String render(SuiteResults results, String resultsFile) {
        ResultLine.Suite s = results.suite();
        ResultLine.Plan plan = s.plan();
        ResultLine.End end = results.end().orElse(null);
        StringBuilder out = new StringBuilder("# Benchmark report\n\n");
        out.append("- Command: `")
                .append(s.command())
                .append("` (repository ")
                .append(s.repository())
                .append(", commit ")
                .append(s.commit())
                .append(s.uncommitted() ? ", with uncommitted changes" : "")
                .append(")\n");
        out.append("- Date: ")
                .append(s.date())
                .append("; took ")
                .append(end == null ? "?" : end.tookSeconds() / 60 + " min " + end.tookSeconds() % 60 + " s")
                .append('\n');
        out.append("- Machine: ")
                .append(machine(s.machine()))
                .append("; load average (1, 5, 15 min) before the start: ")
                .append(orUnknown(s.loadAvg()))
                .append(", at the end: ")
                .append(end == null ? "?" : orUnknown(end.loadAvg()))
                .append(" (the suite's own processes count too)\n");
        out.append("- WAL and cluster directories on: ")
                .append(orUnknown(s.workFs()))
                .append(" (")
                .append(s.tmpDir())
                .append(")\n");
        out.append("- JDK: ").append(s.jdk()).append('\n');
        out.append("- Load tool: ")
                .append(s.wrk().version())
                .append(" (")
                .append(s.wrk().path())
                .append(", ")
                .append(s.wrk().source())
                .append("), on the same machine as the servers; `wrk -t1 -c1` for 1 connection, `wrk -t2 -cN`"
                        + " otherwise, `--latency`, ")
                .append(plan.durationS())
                .append(" s per load after ")
                .append(WarmupText.rule(plan, false))
                .append(", per server and path; its figures from its `done()` hook (`bench/wrk-report.lua`)\n");
        out.append(WarmupText.taken(results));
        out.append("- JVM flags of the nodes and of the ceiling: `")
                .append(s.javaOpts())
                .append("` (conf/jvm-options.sh, as for run-cluster.sh), MALLOC_ARENA_MAX=")
                .append(s.mallocArenaMax())
                .append("; HTTP threads: ")
                .append(s.httpThreads())
                .append(" (the node's default `--http-threads`), for the ceiling too\n");
        out.append("- Jars: `")
                .append(s.jars().node())
                .append("`, `")
                .append(s.jars().discovery())
                .append("`, `")
                .append(s.jars().bench())
                .append("`\n");
        out.append("- Raw measurements: `")
                .append(resultsFile)
                .append("` (JSON Lines; `java -cp bench/target/benchmarks.jar dev.distcounter.bench.BenchReport"
                        + " --results FILE --out REPORT` makes this report from them)\n");
        if (plan.runs() > 1) {
            out.append("- ")
                    .append(plan.runs())
                    .append(" runs; every figure is the median over the runs, then the lowest and highest run in"
                            + " parentheses. Ratios to the ceiling are taken per run (node and ceiling of the same"
                            + " run), then the median. Targets are judged on the medians.\n");
        } else {
            out.append("- 1 run (quick mode: indicative only; the full suite runs 3 and reports medians and"
                    + " spreads).\n");
        }
        return out.append('\n').toString();
    }

    /** {@code 2 vCPU AMD EPYC, 24 GiB RAM, Linux 6.18.0 x86_64}; {@code ?} for what was not read. */
    static String machine(ResultLine.Machine m) {
        String cpus = m.cpus() > 0 ? Integer.toString(m.cpus()) : "?";
        String cpu = m.cpuModel() == null || m.cpuModel().isBlank() ? "unknown CPU" : m.cpuModel();
        String memory = m.memoryKb() > 0 ? String.format(Locale.ROOT, "%.0f GiB", m.memoryKb() / 1048576.0) : "?";
        return cpus + " vCPU " + cpu + ", " + memory + " RAM, " + orUnknown(m.kernel());
    }

    private static String orUnknown(String text) {
        return text == null || text.isBlank() ? "?" : text;
    }
}

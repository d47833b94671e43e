package dev.distcounter.bench;

/** Items 1-3: the HTTP ceiling, then one node's {@code /increment} and {@code /counter} against it. */
final class OneNodeSections {
    private OneNodeSections() {}

    static String render(SuiteFigures f) {
        ResultLine.Suite suite = f.results().suite();
        StringBuilder out = new StringBuilder();

        out.append("## 1. HTTP ceiling\n\n")
                .append("A minimal JDK HttpServer made by the node's own `CounterHttpApi.createServer` (TCP_NODELAY,"
                        + " backlog 1024, ")
                .append(suite.httpThreads())
                .append(" threads), same JDK and JVM flags as the node; its only handler reads the body and answers"
                        + " `Counter: 0 (version 0)` as text. Same wrk loads as the node.\n\n");
        MarkdownTable ceiling = new MarkdownTable("connections", "requests/s", "p50", "p99");
        for (int c : suite.plan().loads()) {
            String path = SuiteFigures.CEILING_PATH;
            ceiling.row(
                    c,
                    FigureCell.of(f.requestsPerSec(Server.CEILING, path, c), NumberStyle.WHOLE),
                    FigureCell.of(f.p50Ms(Server.CEILING, path, c), NumberStyle.TWO_DECIMALS, " ms"),
                    FigureCell.of(f.p99Ms(Server.CEILING, path, c), NumberStyle.TWO_DECIMALS, " ms"));
        }
        out.append(ceiling).append('\n');

        out.append("## 2. `/increment` on one node\n\n")
                .append("One node, `--discovery=none` (no peers), a fresh `--wal-dir` each time. A durable write is"
                        + " answered once its WAL record is fsynced (group commit).\n\n");
        MarkdownTable increment =
                new MarkdownTable("WAL", "connections", "requests/s", "× ceiling", "target", "p50", "p99");
        for (Server mode : Server.NODE_MODES) {
            for (int c : suite.plan().loads()) {
                PerRun ratio = f.ratioToCeiling(mode, "/increment", c);
                Target target = mode == Server.DURABLE ? TargetsSection.DURABLE_INCREMENT.get(c) : null;
                increment.row(
                        mode.label,
                        c,
                        FigureCell.of(f.requestsPerSec(mode, "/increment", c), NumberStyle.WHOLE),
                        FigureCell.of(ratio, NumberStyle.TWO_DECIMALS),
                        target == null ? "" : judged(target, ratio),
                        FigureCell.of(f.p50Ms(mode, "/increment", c), NumberStyle.TWO_DECIMALS, " ms"),
                        FigureCell.of(f.p99Ms(mode, "/increment", c), NumberStyle.TWO_DECIMALS, " ms"));
            }
        }
        out.append(increment).append('\n');

        out.append("## 3. `/counter` on one node\n\n")
                .append("The durable node of item 2, after its `/increment` loads.\n\n");
        MarkdownTable counter = new MarkdownTable("connections", "requests/s", "× ceiling", "target", "p50", "p99");
        for (int c : suite.plan().loads()) {
            PerRun ratio = f.ratioToCeiling(Server.DURABLE, "/counter", c);
            counter.row(
                    c,
                    FigureCell.of(f.requestsPerSec(Server.DURABLE, "/counter", c), NumberStyle.WHOLE),
                    FigureCell.of(ratio, NumberStyle.TWO_DECIMALS),
                    judged(TargetsSection.COUNTER, ratio),
                    FigureCell.of(f.p50Ms(Server.DURABLE, "/counter", c), NumberStyle.TWO_DECIMALS, " ms"),
                    FigureCell.of(f.p99Ms(Server.DURABLE, "/counter", c), NumberStyle.TWO_DECIMALS, " ms"));
        }
        return out.append(counter).append('\n').toString();
    }

    /** {@code ≥ 0.8 (met)}: a target column's cell. */
    static String judged(Target target, PerRun values) {
        return target.text() + " (" + target.verdict(values.median()) + ")";
    }
}

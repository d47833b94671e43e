package dev.distcounter.bench;

import java.util.OptionalDouble;

/**
 * Item 9: the keyspace of issue 12 on three nodes, loaded through one coordinator, against the
 * one node's {@code /counter} of the same run. What a load achieved is its good answers (status
 * below 400) per second, so that a load answered with 503s cannot look fast.
 */
final class KeyspaceSection {
    /** The paths the suite records the keyspace's loads under. */
    static final String PUT = "/kv/put";

    static final String GET = "/kv/get";
    /** One connection putting one key again and again: the latency of a single put. */
    static final String PUT_ONE_KEY = "/kv/put (one key)";

    private KeyspaceSection() {}

    static String render(SuiteFigures f) {
        ResultLine.Suite suite = f.results().suite();
        ResultLine.Plan plan = suite.plan();
        StringBuilder out = new StringBuilder("## 9. Keyspace on 3 nodes: put and get through one coordinator\n\n");
        if (plan.kvNodes() == 0) {
            return out.append("Not run (these results are from before the suite measured the keyspace).\n\n")
                    .toString();
        }
        int keys = plan.kvKeys();
        int c = plan.kvConnections();
        OptionalDouble failedPuts = f.preload(KvLoadResult::failed).max();
        out.append(plan.kvNodes())
                .append(" nodes started by the suite (`--discovery=none`, each given the others as seeds, `-N 3 -R 2"
                        + " -W 2`, WAL with fsync: the default; a fresh `--wal-dir`; JVM flags `")
                .append(suite.javaOpts())
                .append("`), on the same machine as wrk. Preloaded through node 1 with ")
                .append(NumberStyle.WHOLE.format(keys))
                .append(" keys (`")
                .append(KvLoad.key("bench-", keys, 0))
                .append("` ...) of ")
                .append(plan.kvValueBytes())
                .append("-byte values by `KvLoad` (a Java client, ")
                .append(c)
                .append(" puts in flight): ")
                .append(FigureCell.of(f.preload(KvLoadResult::putsPerSec), NumberStyle.WHOLE, " puts/s"))
                .append(", failed puts: ")
                .append(failedPuts.isEmpty() ? FigureCell.MISSING : NumberStyle.WHOLE.format(failedPuts.getAsDouble()))
                .append(
                        " (the most in one run). Then wrk on node 1, the coordinator of every request, with `bench/wrk-kv.lua`:"
                                + " put = `POST /kv/put` of a random key of the ")
                .append(NumberStyle.WHOLE.format(keys))
                .append(", get = `GET /kv/get/KEY` of a random key, one key = one connection putting the same key"
                        + " over and over (each put after the previous one's answer). The script defines"
                        + " `request()`, which takes wrk off its fast path, so these loads run a little below what"
                        + " a plain wrk would reach. Answers of 400 or more (a 503 when a quorum is not reached, a"
                        + " 404 for a preloaded key) are counted and left out of the rate: good answers/s. Ratios:"
                        + " good answers/s over the one durable node's `/counter` requests/s at the same"
                        + " connections in the same run (item 3).\n\n");
        MarkdownTable table = new MarkdownTable(
                "load",
                "connections",
                "good answers/s",
                "× `/counter`",
                "target",
                "p50",
                "p99",
                "p99 target",
                "answers ≥ 400",
                "no answer");
        row(table, f, "put, random keys", PUT, c, TargetsSection.KV_PUT);
        row(table, f, "get, random keys", GET, c, TargetsSection.KV_GET);
        row(table, f, "put, one key", PUT_ONE_KEY, 1, null);
        out.append(table).append('\n').append("Nodes after the loads (VmRSS / VmHWM): ");
        for (int node = 1; node <= plan.kvNodes(); node++) {
            out.append(node > 1 ? "; " : "")
                    .append("node ")
                    .append(node)
                    .append(' ')
                    .append(FigureCell.of(f.rssAfterKb(Server.KEYSPACE, node), NumberStyle.MEGABYTES_FROM_KIB, " MB"))
                    .append(" / ")
                    .append(FigureCell.of(f.hwmKb(Server.KEYSPACE, node), NumberStyle.MEGABYTES_FROM_KIB, " MB"));
        }
        return out.append(".\n\n").toString();
    }

    /** One load's row; {@code target} null for a load without targets. */
    private static void row(
            MarkdownTable table, SuiteFigures f, String name, String path, int connections, Target target) {
        PerRun ratio = f.keyspaceRatioToCounter(path, connections);
        PerRun p99 = f.p99Ms(Server.KEYSPACE, path, connections);
        table.row(
                name,
                connections,
                FigureCell.of(f.okPerSec(Server.KEYSPACE, path, connections), NumberStyle.WHOLE),
                FigureCell.of(ratio, NumberStyle.TWO_DECIMALS),
                target == null ? "" : OneNodeSections.judged(target, ratio),
                FigureCell.of(f.p50Ms(Server.KEYSPACE, path, connections), NumberStyle.TWO_DECIMALS, " ms"),
                FigureCell.of(p99, NumberStyle.TWO_DECIMALS, " ms"),
                target == null ? "" : OneNodeSections.judged(TargetsSection.KV_P99_MS, p99),
                FigureCell.of(f.errorAnswers(Server.KEYSPACE, path, connections), NumberStyle.WHOLE),
                FigureCell.of(f.socketErrors(Server.KEYSPACE, path, connections), NumberStyle.WHOLE));
    }
}

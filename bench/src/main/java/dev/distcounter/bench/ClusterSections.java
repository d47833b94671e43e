package dev.distcounter.bench;

import java.util.function.ToDoubleFunction;

/** Items 4 and 5: the write load over the 5-node layout and its convergence, then single-increment latency. */
final class ClusterSections {
    private ClusterSections() {}

    static String render(SuiteFigures f) {
        ResultLine.Suite suite = f.results().suite();
        ResultLine.Plan plan = suite.plan();
        int nodes = plan.clusterNodes();
        StringBuilder out = new StringBuilder();

        out.append("## 4. Write load over the 5-node layout, then convergence\n\n")
                .append("`run-cluster.sh start` (discovery server + 5 nodes with their usual flags: node 1 default,"
                        + " 2 sync 1 s, 3 no WAL, 4 WAL without fsync, 5 sync 5 s), JVM flags `")
                .append(suite.javaOpts())
                .append("`. Five wrk processes at once, one per node, `wrk -t1 -c")
                .append(plan.clusterConnections())
                .append("` each (")
                .append(nodes * plan.clusterConnections())
                .append(" connections in all), `/increment` for ")
                .append(plan.durationS())
                .append(" s after ")
                .append(WarmupText.rule(plan, true))
                .append(
                        ". Convergence: from the moment the last wrk process exited until all 5 nodes first"
                                + " reported the same state (value, version and state digest), every node's `/counter` read at once every ")
                .append(plan.watchIntervalMs())
                .append(" ms over kept-alive connections (ClusterWatch, which reads nothing during the load"
                        + " since issue 14); resolution ")
                .append(plan.watchIntervalMs())
                .append(" ms plus one round of reads (a cluster that agreed when the load ended shows one round,"
                        + " about 1 ms; 0 in results from before issue 14).\n\n");
        MarkdownTable load = new MarkdownTable(
                "total requests/s",
                "× ceiling (64 connections)",
                "worst node's p99",
                "converged after the load",
                "nodes listed all peers after start");
        load.row(
                FigureCell.of(f.clusterRequestsPerSec(), NumberStyle.WHOLE),
                FigureCell.of(f.clusterRatioToCeiling(), NumberStyle.TWO_DECIMALS),
                FigureCell.of(f.clusterWorstP99Ms(), NumberStyle.TWO_DECIMALS, " ms"),
                FigureCell.of(f.convergeMs(), NumberStyle.ONE_DECIMAL, " ms"),
                FigureCell.of(f.joinMs(), NumberStyle.WHOLE, " ms"));
        out.append(load).append('\n').append("Per node (requests/s): ");
        for (int node = 1; node <= nodes; node++) {
            out.append(node > 1 ? "; " : "")
                    .append("node ")
                    .append(node)
                    .append(' ')
                    .append(FigureCell.of(f.clusterNodeRequestsPerSec(node), NumberStyle.WHOLE));
        }
        out.append(".\n\n");

        int samples = plan.convergenceSamples();
        out.append("## 5. Single-increment convergence latency to all 5 nodes\n\n")
                .append("On the same cluster after item 4, ")
                .append(samples)
                .append(" samples per run (after 20 unrecorded warm-up samples), ")
                .append(plan.convergenceGapMs())
                .append(" ms apart so each starts from a quiet cluster whose nodes all hold version V0. Method"
                        + " (ConvergenceLatency): a waiting read `GET /counter?atLeast=V0+1` is sent to each of 4"
                        + " nodes on its own kept-alive connection (a minimal HTTP/1.1 client, TCP_NODELAY); a node"
                        + " answers it the moment it applies the update. Then `/increment` on the fifth node"
                        + " (round-robin over the 5); t0 = the moment its answer has been read. A sample is the time"
                        + " from t0 to the arrival of the last of the 4 waiting reads' answers (0 when all arrived"
                        + " before t0: ")
                .append(FigureCell.of(f.convergence(ConvergenceResult::early), NumberStyle.WHOLE))
                .append(" of ")
                .append(samples)
                .append(" samples); from sending the increment instead: p50 ")
                .append(ms(f, ConvergenceResult::sendP50Ms))
                .append(", p99 ")
                .append(ms(f, ConvergenceResult::sendP99Ms))
                .append(". System.nanoTime, HdrHistogram. Nothing polls, so the measurement adds no load."
                        + " Resolution: the time a node takes to write a ready answer and the client to read it, less"
                        + " than one round trip of an answered-at-once `/counter?atLeast=0`: median ")
                .append(ms(f, ConvergenceResult::rttP50Ms))
                .append(", p99 ")
                .append(ms(f, ConvergenceResult::rttP99Ms))
                .append(".\n\n");
        MarkdownTable latency = new MarkdownTable("p50", "p90", "p99", "max", "mean", "timed out");
        latency.row(
                ms(f, ConvergenceResult::p50Ms),
                ms(f, ConvergenceResult::p90Ms),
                ms(f, ConvergenceResult::p99Ms),
                ms(f, ConvergenceResult::maxMs),
                ms(f, ConvergenceResult::meanMs),
                FigureCell.of(f.convergence(ConvergenceResult::timeouts), NumberStyle.WHOLE));
        return out.append(latency).append('\n').toString();
    }

    private static String ms(SuiteFigures f, ToDoubleFunction<ConvergenceResult> figure) {
        return FigureCell.of(f.convergence(figure), NumberStyle.TWO_DECIMALS, " ms");
    }
}

package dev.distcounter.bench;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * The targets of issues 5 and 12, each with its measured figure and verdict; judged on the
 * medians over runs.
 */
final class TargetsSection {
    /** Durable {@code /increment} against the ceiling, by connections. */
    static final Map<Integer, Target> DURABLE_INCREMENT = Map.of(64, Target.atLeast(0.8), 16, Target.atLeast(0.6));
    /** The order the targets table lists them in. */
    static final int[] DURABLE_INCREMENT_CONNECTIONS = {64, 16};

    static final Target COUNTER = Target.atLeast(0.9);
    static final Target CONVERGENCE_P99_MS = Target.below(5);
    /** Judged on the highest VmHWM of the durable node over the runs, in MB. */
    static final Target MEMORY_MB = Target.below(150);

    /** Keyspace (issue 12): good answers per second over the one node's {@code /counter}, same connections. */
    static final Target KV_PUT = Target.atLeast(0.2);

    static final Target KV_GET = Target.atLeast(0.35);
    static final Target KV_P99_MS = Target.below(10);

    /** A keyspace load with a throughput target, as the targets table names it. */
    private record KeyspaceLoad(String name, String path, Target target) {}

    private static final KeyspaceLoad[] KEYSPACE_LOADS = {
        new KeyspaceLoad("put", KeyspaceSection.PUT, KV_PUT), new KeyspaceLoad("get", KeyspaceSection.GET, KV_GET)
    };

    private TargetsSection() {}

    static String render(SuiteFigures f) {
        ResultLine.Plan plan = f.results().plan();
        MarkdownTable table = new MarkdownTable("target", "measured", "verdict");
        for (int c : DURABLE_INCREMENT_CONNECTIONS) {
            PerRun ratio = f.ratioToCeiling(Server.DURABLE, "/increment", c);
            Target target = DURABLE_INCREMENT.get(c);
            if (!ratio.isEmpty()) {
                table.row(
                        "durable `/increment` (WAL + fsync), " + c + " connections ≥ " + target.limitText()
                                + " × ceiling",
                        FigureCell.of(ratio, NumberStyle.TWO_DECIMALS, "×"),
                        target.verdict(ratio.median()));
            }
        }
        for (int c : plan.loads()) {
            PerRun ratio = f.ratioToCeiling(Server.DURABLE, "/counter", c);
            if (!ratio.isEmpty()) {
                table.row(
                        "`/counter`, " + c + " connection(s) ≥ " + COUNTER.limitText() + " × ceiling",
                        FigureCell.of(ratio, NumberStyle.TWO_DECIMALS, "×"),
                        COUNTER.verdict(ratio.median()));
            }
        }
        PerRun p99 = f.convergence(ConvergenceResult::p99Ms);
        if (!p99.isEmpty()) {
            table.row(
                    "single-increment convergence to 5 nodes, p99 < " + CONVERGENCE_P99_MS.limitText() + " ms",
                    FigureCell.of(p99, NumberStyle.TWO_DECIMALS, " ms"),
                    CONVERGENCE_P99_MS.verdict(p99.median()));
        }
        PerRun hwm = f.hwmKb(Server.DURABLE, 0);
        if (!hwm.isEmpty()) {
            double highest = hwm.max().orElseThrow();
            String measured = "highest " + NumberStyle.MEGABYTES_FROM_KIB.format(highest) + " MB";
            if (plan.runs() > 1) {
                measured += "; median " + FigureCell.of(hwm, NumberStyle.MEGABYTES_FROM_KIB, " MB");
            }
            table.row(
                    "node resident memory under load < " + MEMORY_MB.limitText() + " MB (default flags: the highest"
                            + " RSS the durable node reached, VmHWM; judged on the highest run)",
                    measured,
                    MEMORY_MB.verdict(OptionalDouble.of(NumberStyle.MEGABYTES_FROM_KIB.scale(highest))));
        }
        keyspaceRows(table, f);
        return "## Targets\n\n" + table + "\n";
    }

    private static void keyspaceRows(MarkdownTable table, SuiteFigures f) {
        int c = f.results().plan().kvConnections();
        String load = "(3 nodes, N=3 R=2 W=2, WAL + fsync; " + c + " connections on one coordinator, random keys)";
        for (KeyspaceLoad l : KEYSPACE_LOADS) {
            PerRun ratio = f.keyspaceRatioToCounter(l.path(), c);
            if (!ratio.isEmpty()) {
                table.row(
                        "keyspace " + l.name() + " " + load + ", good answers/s ≥ "
                                + l.target().limitText() + " × `/counter` on one node",
                        FigureCell.of(ratio, NumberStyle.TWO_DECIMALS, "×"),
                        l.target().verdict(ratio.median()));
            }
            PerRun p99 = f.p99Ms(Server.KEYSPACE, l.path(), c);
            if (!p99.isEmpty()) {
                table.row(
                        "keyspace " + l.name() + ", p99 < " + KV_P99_MS.limitText() + " ms",
                        FigureCell.of(p99, NumberStyle.TWO_DECIMALS, " ms"),
                        KV_P99_MS.verdict(p99.median()));
            }
        }
    }
}

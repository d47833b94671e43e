package dev.distcounter.bench;

import java.util.Map;
import java.util.OptionalDouble;

/** The targets of issue 5, each with its measured figure and verdict; judged on the medians over runs. */
final class TargetsSection {
    /** Durable {@code /increment} against the ceiling, by connections. */
    static final Map<Integer, Target> DURABLE_INCREMENT = Map.of(64, Target.atLeast(0.8), 16, Target.atLeast(0.6));
    /** The order the targets table lists them in. */
    static final int[] DURABLE_INCREMENT_CONNECTIONS = {64, 16};

    static final Target COUNTER = Target.atLeast(0.9);
    static final Target CONVERGENCE_P99_MS = Target.below(5);
    /** Judged on the highest VmHWM of the durable node over the runs, in MB. */
    static final Target MEMORY_MB = Target.below(150);

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
        return "## Targets\n\n" + table + "\n";
    }
}

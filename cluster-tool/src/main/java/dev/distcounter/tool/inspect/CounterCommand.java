package dev.distcounter.tool.inspect;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.cluster.RunningProcesses;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.convergence.DigestSplit;
import dev.distcounter.tool.http.CounterState;
import dev.distcounter.tool.http.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code counter [N]}: the counter of node N (exit 1 if it cannot be read), or of every node and
 * whether they agree (exit 0): on value, version and the digest of their full state, since nodes
 * can show one value and version while holding different states (issue 10).
 */
@Command(name = "counter", description = "The counter of node N, or of every node and whether they agree.")
public final class CounterCommand implements Callable<Integer> {
    @ParentCommand
    ClusterToolCommand tool;

    @Parameters(arity = "0..1", paramLabel = "N", description = "A node number.")
    String node;

    @Override
    public Integer call() {
        List<Integer> nodes = tool.layout().nodeOrAll(node);
        ClusterSession session = tool.session();
        Terminal t = session.terminal();
        if (node == null) {
            t.header("Counter values");
        }
        RunningProcesses running = session.processes().running();
        int exit = 0;
        Map<Integer, CounterState> seen = new LinkedHashMap<>();
        for (int n : nodes) {
            if (!running.runs(n)) {
                t.line("Node " + n + ": " + t.yellow("not running"));
                exit = 1;
                continue;
            }
            Reply<CounterState> counter = session.api().counter(n);
            if (counter.ok()) {
                t.line("Node " + n + ": " + counter.body().line());
                seen.put(n, counter.body());
            } else {
                t.line("Node " + n + ": " + t.red("unreachable") + " (HTTP " + counter.code() + ")");
                exit = 1;
            }
        }
        if (nodes.size() > 1 && seen.size() > 1) {
            CounterState first = seen.values().iterator().next();
            LongRange values = LongRange.of(seen.values().stream().mapToLong(CounterState::value));
            LongRange versions = LongRange.of(seen.values().stream().mapToLong(CounterState::version));
            if (seen.values().stream().allMatch(first::sameStateAs)) {
                t.ok("All " + seen.size() + " running nodes agree");
            } else {
                String why = values.single() && versions.single() ? "; " + DigestSplit.describe(seen) : "";
                t.warn("Nodes differ (values " + values + ", versions " + versions + why
                        + "); gossip may still be propagating");
            }
        }
        return nodes.size() == 1 ? exit : 0;
    }

    /** The smallest and largest of some numbers, printed "3..5". */
    private record LongRange(long min, long max) {
        static LongRange of(java.util.stream.LongStream numbers) {
            java.util.LongSummaryStatistics stats = numbers.summaryStatistics();
            return new LongRange(stats.getMin(), stats.getMax());
        }

        boolean single() {
            return min == max;
        }

        @Override
        public String toString() {
            return min + ".." + max;
        }
    }
}

package dev.distcounter.tool.fault;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.CommandFailure;
import dev.distcounter.tool.UsageError;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.ChaosChange;
import dev.distcounter.tool.http.ChaosState;
import dev.distcounter.tool.http.Reply;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code chaos [N|all] [DROP [DELAY]]}: show the faults node N or every running node injects, or
 * set their drop probability and delay (blocked peers stay).
 */
@Command(name = "chaos", description = "Show or set the drop probability and delay of node N or of every node.")
public final class ChaosCommand implements Callable<Integer> {
    private static final String PROBABILITY = "0(\\.[0-9]+)?|1(\\.0+)?|\\.[0-9]+";

    @ParentCommand
    ClusterToolCommand tool;

    @Parameters(arity = "0..*", paramLabel = "N|all DROP DELAY", description = "Target, drop (0-1), delay (10ms-50ms).")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        String target = arg(0).isEmpty() ? "all" : arg(0);
        String drop = arg(1);
        String delay = arg(2);
        Integer single = target.equals("all") ? null : tool.layout().parseNode(target);
        ClusterSession session = tool.session();
        Terminal t = session.terminal();
        List<Integer> nodes;
        if (single == null) {
            nodes = session.requireRunningNodes().nodeNumbers();
        } else {
            int node = single;
            if (!session.processes().running().runs(node)) {
                throw new CommandFailure("Node " + node + " is not running");
            }
            nodes = List.of(node);
        }
        if (drop.isEmpty()) {
            t.header("Injected faults");
            int exit = 0;
            for (int node : nodes) {
                Reply<ChaosState> chaos = session.api().chaos(node);
                if (chaos.ok()) {
                    t.line("Node " + node + ": " + chaos.body().line());
                } else {
                    t.line("Node " + node + ": " + t.red("unreachable") + " (HTTP " + chaos.code()
                            + (chaos.status() == 0 || chaos.problem().isEmpty() ? "" : ": " + chaos.problem()) + ")");
                    exit = 1;
                }
            }
            return exit;
        }
        if (!drop.matches(PROBABILITY)) {
            throw new UsageError("drop must be a probability from 0 to 1 (got '" + drop + "')");
        }
        String shown = drop.startsWith(".") ? "0" + drop : drop;
        t.header("Injecting faults: drop " + shown + (delay.isEmpty() ? "" : ", delay " + delay) + " on node(s) "
                + String.join(" ", nodes.stream().map(String::valueOf).toList()));
        int failed = new FaultControl(session, false)
                .chaos(ChaosChange.drop(new BigDecimal(shown), delay.isEmpty() ? null : delay), nodes);
        if (failed > 0) {
            t.fail(failed + " node(s) could not be told");
            return 1;
        }
        return 0;
    }

    /** The i-th argument, or "" (extra arguments are ignored, as the script always did). */
    private String arg(int i) {
        return i < args.size() ? args.get(i) : "";
    }
}

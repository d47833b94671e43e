package dev.distcounter.tool.fault;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code partition GROUP GROUP...}: cut the network between groups of nodes; exit 1 if incomplete. */
@Command(name = "partition", description = "Cut the network between groups of nodes, e.g. 1,2 3,4,5.")
public final class PartitionCommand implements Callable<Integer> {
    @ParentCommand
    ClusterToolCommand tool;

    @Parameters(arity = "0..*", paramLabel = "GROUP", description = "Node numbers separated by commas.")
    List<String> groups = new ArrayList<>();

    @Override
    public Integer call() {
        Groups parsed = Groups.parse(groups, tool.layout(), tool.scriptName());
        ClusterSession session = tool.session();
        String asGiven = String.join(" ", groups);
        session.terminal().header("Partitioning the cluster: " + asGiven);
        int failed = new FaultControl(session, false)
                .partition(parsed, session.processes().running());
        if (failed > 0) {
            session.terminal().fail(failed + " node(s) could not be told; the partition is incomplete");
            return 1;
        }
        session.terminal().ok("Partition in place: " + asGiven + "  (undo with: " + session.scriptName() + " heal)");
        return 0;
    }
}

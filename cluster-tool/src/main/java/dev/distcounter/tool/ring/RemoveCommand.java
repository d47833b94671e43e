package dev.distcounter.tool.ring;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.CommandFailure;
import dev.distcounter.tool.http.RingRequests;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code remove N}: takes node N, dead for good, off the ring, through the first running node;
 * the survivors rebuild its ranges from the other replicas. A node that still runs is refused
 * (stop or kill it first): removing it would leave a live node off the ring.
 */
@Command(name = "remove", description = "Take node N, dead for good, off the ring; its ranges are rebuilt.")
public final class RemoveCommand implements Callable<Integer> {
    @ParentCommand
    ClusterToolCommand tool;

    @Parameters(index = "0", paramLabel = "N", description = "The dead node.")
    String node;

    @Override
    public Integer call() {
        int n = tool.layout().parseNode(node);
        ClusterSession session = tool.session();
        if (session.processes().running().runs(n)) {
            throw new CommandFailure("Node " + n + " is still running: stop or kill it first (" + session.scriptName()
                    + " kill " + n + "), or let it leave (" + session.scriptName() + " leave " + n + ")");
        }
        List<Integer> others = session.requireRunningNodes().nodeNumbers();
        String address = tool.layout().address(n);
        RingRequests.Answer answer = session.api().ring().remove(others.get(0), address);
        if (answer.status() != 200) {
            session.terminal()
                    .fail("Node " + others.get(0) + " did not remove node " + n + " (" + address + "): "
                            + (answer.status() == 0
                                    ? "no answer (" + answer.problem() + ")"
                                    : "HTTP " + answer.status() + ": " + answer.problem()));
            return 1;
        }
        session.terminal()
                .ok("Node " + n + " (" + address + ") removed from the ring through node " + others.get(0)
                        + "; the survivors rebuild its ranges from the other replicas");
        return 0;
    }
}

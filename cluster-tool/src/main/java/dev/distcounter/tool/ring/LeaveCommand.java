package dev.distcounter.tool.ring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.CommandFailure;
import dev.distcounter.tool.http.RingRequests;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code leave N}: node N leaves the ring. It hands every key it holds to the new owners, answers
 * once they acknowledged them (up to a minute), then stops by itself; the script waits for its
 * process to exit and removes its PID file. Exit 1 if the node did not answer 202.
 */
@Command(name = "leave", description = "Node N hands its keys to the new owners, then stops.")
public final class LeaveCommand implements Callable<Integer> {
    @ParentCommand
    ClusterToolCommand tool;

    @Parameters(index = "0", paramLabel = "N", description = "The node that leaves.")
    String node;

    @Override
    public Integer call() {
        int n = tool.layout().parseNode(node);
        ClusterSession session = tool.session();
        if (!session.processes().running().runs(n)) {
            throw new CommandFailure("Node " + n + " is not running");
        }
        session.terminal()
                .header("Node " + n + " (" + tool.layout().address(n) + ") leaves the ring: handing its"
                        + " keys to the new owners (up to a minute)");
        RingRequests.Answer answer = session.api().ring().leave(n);
        if (answer.status() != 202 || answer.body() == null) {
            session.terminal()
                    .fail("Node " + n + " did not leave: "
                            + (answer.status() == 0
                                    ? "no answer (" + answer.problem() + ")"
                                    : "HTTP " + answer.status() + ": " + answer.problem()));
            return 1;
        }
        JsonNode report = answer.body();
        String done = report.path("handedOver").asLong() + " key(s) handed over, "
                + report.path("failed").asLong() + " failed";
        if (report.path("settled").asBoolean()) {
            session.terminal().ok("Node " + n + " left the ring: " + done + "; it is stopping");
        } else {
            session.terminal()
                    .warn("Node " + n + " left the ring: " + done + ", "
                            + report.path("pending").asLong()
                            + " unacknowledged when its wait ran out (read repair will"
                            + " bring those); it is stopping");
        }
        return 0;
    }
}

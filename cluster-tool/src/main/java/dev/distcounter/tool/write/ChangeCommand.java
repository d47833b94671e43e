package dev.distcounter.tool.write;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.TargetNode;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.Change;
import dev.distcounter.tool.http.WriteResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code change increment|decrement [N]}: one write on node N, or on a random running node; exit 1
 * unless it was applied, saying whether it certainly was not or may have been.
 */
@Command(name = "change", description = "Increment or decrement on node N, or on a random running node.")
public final class ChangeCommand implements Callable<Integer> {
    @ParentCommand
    ClusterToolCommand tool;

    @Parameters(index = "0", paramLabel = "increment|decrement", description = "The write.")
    Change change;

    @Parameters(index = "1", arity = "0..1", paramLabel = "N", description = "A node number.")
    String node;

    @Override
    public Integer call() {
        Integer given = node == null ? null : tool.layout().parseNode(node);
        ClusterSession session = tool.session();
        Terminal t = session.terminal();
        int picked = TargetNode.givenOrRandom(session, given);
        t.info(change.progressive() + " counter on node " + picked + " ("
                + session.layout().nodeUrl(picked) + ") ...");
        WriteResult result = session.api().write(picked, change);
        String who = "Node " + picked + ": ";
        String reason = result.problem().isEmpty() ? "" : ": " + result.problem();
        switch (result.outcome()) {
            case APPLIED -> {
                t.line(who
                        + (result.hasState()
                                ? change.replyLine(
                                        result.reply().value(), result.reply().version())
                                : "HTTP 200, applied"));
                return 0;
            }
            case INDETERMINATE -> {
                t.fail(who + "HTTP " + result.code() + ", outcome unknown (the operation may or may not count)"
                        + reason);
                return 1;
            }
            default -> {
                if (result.status() == 0) {
                    t.fail(who + "no answer (" + result.problem() + "); not counted");
                } else {
                    t.fail(who + "HTTP " + result.code() + ", refused" + reason);
                }
                return 1;
            }
        }
    }
}

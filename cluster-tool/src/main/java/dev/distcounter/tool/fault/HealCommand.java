package dev.distcounter.tool.fault;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.CommandFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code heal}: clear every injected fault on every running node; exit 1 if one could not be told. */
@Command(name = "heal", description = "Clear every injected fault on every running node.")
public final class HealCommand implements Callable<Integer> {
    @ParentCommand
    ClusterToolCommand tool;

    @Override
    public Integer call() {
        ClusterSession session = tool.session();
        session.terminal().header("Healing the cluster (clearing every injected fault)");
        FaultControl.Healed healed =
                new FaultControl(session, false).heal(session.processes().running());
        if (healed.failed() > 0) {
            session.terminal().fail(healed.failed() + " node(s) could not be healed");
            return 1;
        }
        if (healed.told() == 0) {
            throw new CommandFailure("No node is running");
        }
        session.terminal().ok("Healed " + healed.told() + " node(s)");
        return 0;
    }
}

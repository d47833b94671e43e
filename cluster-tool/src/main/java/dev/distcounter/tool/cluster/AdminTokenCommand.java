package dev.distcounter.tool.cluster;

import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.http.AdminToken;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code admin-token}: makes the cluster's admin token file if it has none; prints nothing.
 * run-cluster.sh calls it in {@code start}, before it starts the nodes.
 */
@Command(name = "admin-token", hidden = true, description = "Make the cluster's admin token file if it is missing.")
public final class AdminTokenCommand implements Callable<Integer> {
    @ParentCommand
    ClusterToolCommand tool;

    @Override
    public Integer call() {
        AdminToken.createIfAbsent(tool.layout().adminTokenFile());
        return 0;
    }
}

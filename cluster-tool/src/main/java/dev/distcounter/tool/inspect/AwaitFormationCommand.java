package dev.distcounter.tool.inspect;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.CommandFailure;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.PeerList;
import dev.distcounter.tool.http.Reply;
import dev.distcounter.tool.time.Seconds;
import dev.distcounter.tool.time.TimeSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code await-formation}: waits, bounded, until every running node lists every other running
 * node as a peer (see {@link Formation}), so that {@code start} returns a cluster in which a
 * write on one node reaches all the others. Exit 1 when the time runs out, naming what is
 * missing.
 */
@Command(
        name = "await-formation",
        description = "Wait until every running node lists every other running node as a peer.")
public final class AwaitFormationCommand implements Callable<Integer> {
    /** Often enough that the wait ends soon after the cluster forms; each poll is one GET per node. */
    static final long POLL_MILLIS = 100;

    @ParentCommand
    ClusterToolCommand tool;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "How long to wait (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (timeoutSeconds < 1) {
            throw new CommandFailure("--timeout must be at least 1 second, not " + timeoutSeconds);
        }
        ClusterSession session = tool.session();
        List<Integer> running = session.requireRunningNodes().nodeNumbers();
        Terminal t = session.terminal();
        TimeSource time = session.time();
        t.info("Waiting for every node to list the other " + (running.size() - 1) + " (up to " + timeoutSeconds
                + "s) ...");
        long start = time.millis();
        long deadline = start + timeoutSeconds * 1000L;
        while (true) {
            Formation formation = read(session, running);
            long elapsed = time.millis() - start;
            if (formation.complete()) {
                t.ok("Cluster formed in " + Seconds.of(elapsed) + "s: every node lists the other "
                        + (running.size() - 1));
                return 0;
            }
            if (time.millis() >= deadline) {
                t.fail("The cluster did not form within " + timeoutSeconds + "s: " + formation.describe());
                return 1;
            }
            time.sleep(POLL_MILLIS);
        }
    }

    private static Formation read(ClusterSession session, List<Integer> running) {
        Map<Integer, Optional<List<String>>> listed = new HashMap<>();
        for (int node : running) {
            Reply<PeerList> peers = session.api().peers(node);
            listed.put(node, peers.ok() ? Optional.of(peers.body().peers()) : Optional.empty());
        }
        return Formation.of(session.layout(), running, listed);
    }
}

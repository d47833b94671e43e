package dev.distcounter.tool.inspect;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.cluster.RunningProcesses;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.PeerList;
import dev.distcounter.tool.http.RegisteredPeer;
import dev.distcounter.tool.http.Reply;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code peers [N]}: the peers of node N (exit 1 if it cannot be read), or of every node and the
 * discovery server's list (exit 0).
 */
@Command(name = "peers", description = "The peers of node N, or of every node and the discovery server.")
public final class PeersCommand implements Callable<Integer> {
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
            t.header("Peer connections");
        }
        RunningProcesses running = session.processes().running();
        int exit = 0;
        for (int n : nodes) {
            String who = "Node " + n + " (" + session.layout().address(n) + "): ";
            if (!running.runs(n)) {
                t.line(who + t.yellow("not running"));
                exit = 1;
                continue;
            }
            Reply<PeerList> peers = session.api().peers(n);
            if (peers.ok()) {
                t.line(who + peers.body().line());
            } else {
                t.line(who + t.red("unreachable") + " (HTTP " + peers.code() + ")");
                exit = 1;
            }
        }
        if (nodes.size() == 1) {
            return exit;
        }
        String who = "Discovery (port " + session.layout().discoveryPort() + "): ";
        Reply<List<RegisteredPeer>> registered =
                running.discovery().isPresent() ? session.api().registeredPeers() : Reply.noAnswer("not running");
        if (registered.ok()) {
            List<String> addrs =
                    registered.body().stream().map(RegisteredPeer::addr).toList();
            t.line(who + "registered (" + addrs.size() + "): " + String.join(" ", addrs));
        } else {
            t.line(who + t.red("not reachable"));
        }
        return 0;
    }
}

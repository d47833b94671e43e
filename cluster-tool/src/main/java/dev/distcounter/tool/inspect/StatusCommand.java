package dev.distcounter.tool.inspect;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.cluster.ClusterLayout;
import dev.distcounter.tool.cluster.RunningProcesses;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.ClusterView;
import dev.distcounter.tool.http.CounterState;
import dev.distcounter.tool.http.PeerList;
import dev.distcounter.tool.http.RegisteredPeer;
import dev.distcounter.tool.http.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code status}: every process, each running node's counter, peers and view of the cluster,
 * whether they agree on a leader, and the discovery server's list. Always exit 0.
 */
@Command(name = "status", description = "Processes, counters, peers, leaders and the discovery server's list.")
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    ClusterToolCommand tool;

    @Override
    public Integer call() {
        ClusterSession session = tool.session();
        Terminal t = session.terminal();
        ClusterLayout layout = session.layout();
        t.header("Cluster status (" + layout.clusterDir() + ")");
        RunningProcesses running = session.processes().running();
        printDiscovery(session, running);
        Map<Integer, String> leaders = new LinkedHashMap<>();
        for (int node : layout.allNodes()) {
            String ports = "TCP " + layout.tcpPort(node) + "  HTTP " + layout.httpPort(node);
            if (!running.runs(node)) {
                t.line("Node " + node + ": " + t.red("stopped") + "  " + ports);
                continue;
            }
            Reply<CounterState> counter = session.api().counter(node);
            Reply<PeerList> peers = session.api().peers(node);
            t.line("Node " + node + ": " + t.green("running") + "  PID "
                    + running.pid(node).orElseThrow() + "  " + ports
                    + "  counter "
                    + (counter.ok()
                            ? counter.body().value() + " (version "
                                    + counter.body().version() + ")"
                            : t.red("unreachable"))
                    + "  peers " + (peers.ok() ? peers.body().count() : t.red("unreachable")));
            Reply<ClusterView> view = session.api().cluster(node);
            if (view.ok()) {
                t.line("        " + describe(view.body(), layout));
                leaders.put(
                        node, view.body().leader() == null ? "" : view.body().leader());
            } else {
                t.line("        cluster view " + t.yellow("unavailable") + " (GET /cluster: HTTP " + view.code() + ")");
                leaders.put(node, LeaderAgreement.UNKNOWN);
            }
        }
        t.line(running.nodes().size() + "/" + layout.nodes() + " nodes running");
        if (!leaders.isEmpty()) {
            t.line(LeaderAgreement.line(leaders, layout, running, t));
        }
        return 0;
    }

    private static void printDiscovery(ClusterSession session, RunningProcesses running) {
        Terminal t = session.terminal();
        int port = session.layout().discoveryPort();
        if (running.discovery().isEmpty()) {
            t.line("Discovery: " + t.red("stopped") + "  port " + port);
            return;
        }
        String head = "Discovery: " + t.green("running") + "  PID "
                + running.discovery().getAsLong() + "  port " + port;
        Reply<List<RegisteredPeer>> peers = session.api().registeredPeers();
        if (peers.ok()) {
            List<String> addrs = peers.body().stream().map(RegisteredPeer::addr).toList();
            t.line(head + "  registered peers (" + addrs.size() + "): " + String.join(" ", addrs));
        } else {
            t.line(head + "  " + t.red("unreachable") + " (HTTP " + peers.code() + ")");
        }
    }

    /** "leader node 5 (localhost:9004), term 1; members 4: 4 alive, 0 suspect, 0 dead". */
    static String describe(ClusterView view, ClusterLayout layout) {
        return "leader " + layout.describeNode(view.leader()) + ", term " + (view.term() == null ? "?" : view.term())
                + (view.electing() ? " (electing)" : "") + "; members "
                + view.members().size() + ": "
                + view.membersIn("alive") + " alive, " + view.membersIn("suspect") + " suspect, "
                + view.membersIn("dead") + " dead";
    }
}

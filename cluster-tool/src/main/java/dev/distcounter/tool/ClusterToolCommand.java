package dev.distcounter.tool;

import dev.distcounter.tool.check.CheckCommand;
import dev.distcounter.tool.cluster.AdminTokenCommand;
import dev.distcounter.tool.cluster.ClusterHosts;
import dev.distcounter.tool.cluster.ClusterLayout;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.fault.ChaosCommand;
import dev.distcounter.tool.fault.HealCommand;
import dev.distcounter.tool.fault.PartitionCommand;
import dev.distcounter.tool.history.HistoryCheckCommand;
import dev.distcounter.tool.inspect.AwaitFormationCommand;
import dev.distcounter.tool.inspect.ConsistencyCommand;
import dev.distcounter.tool.inspect.CounterCommand;
import dev.distcounter.tool.inspect.PeersCommand;
import dev.distcounter.tool.inspect.StatusCommand;
import dev.distcounter.tool.keys.KeysCommand;
import dev.distcounter.tool.keyspace.DeleteCommand;
import dev.distcounter.tool.keyspace.GetCommand;
import dev.distcounter.tool.keyspace.OwnersCommand;
import dev.distcounter.tool.keyspace.PutCommand;
import dev.distcounter.tool.ring.LeaveCommand;
import dev.distcounter.tool.ring.RemoveCommand;
import dev.distcounter.tool.simulation.SimulateCommand;
import dev.distcounter.tool.write.ChangeCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar cluster-tool.jar [layout options] COMMAND ...}: the top level. run-cluster.sh
 * passes the cluster's layout, itself (to be called back for its processes) and whether to
 * colour; the subcommands do the work.
 */
@Command(
        name = "cluster-tool",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "The operator's tool for a local cluster; run-cluster.sh calls it for everything but"
                + " starting and stopping processes. Only history-check is meant to be run by hand.",
        subcommands = {
            StatusCommand.class,
            AwaitFormationCommand.class,
            CounterCommand.class,
            PeersCommand.class,
            ConsistencyCommand.class,
            CheckCommand.class,
            ChangeCommand.class,
            PutCommand.class,
            GetCommand.class,
            DeleteCommand.class,
            OwnersCommand.class,
            PartitionCommand.class,
            HealCommand.class,
            ChaosCommand.class,
            LeaveCommand.class,
            RemoveCommand.class,
            SimulateCommand.class,
            KeysCommand.class,
            HistoryCheckCommand.class,
            AdminTokenCommand.class
        },
        footer = {"", "Exit codes: 0 done, 1 the command failed (or INVALID), 2 bad arguments or an unusable file."})
public final class ClusterToolCommand implements Callable<Integer> {
    /** Whether to colour: the script decides, from its own stdout and NO_COLOR. */
    public enum Colour {
        ALWAYS,
        NEVER
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", description = "Number of nodes (NODE_COUNT).")
    Integer nodes;

    @Option(names = "--discovery-port", paramLabel = "PORT", description = "The discovery server's HTTP port.")
    Integer discoveryPort;

    @Option(names = "--base-tcp-port", paramLabel = "PORT", description = "Gossip port of node 1.")
    Integer baseTcpPort;

    @Option(names = "--base-http-port", paramLabel = "PORT", description = "HTTP port of node 1.")
    Integer baseHttpPort;

    @Option(names = "--cluster-dir", paramLabel = "DIR", description = "Where logs/ and data/ live.")
    Path clusterDir;

    @Option(
            names = "--nodes-without-wal",
            paramLabel = "N",
            split = ",",
            description = "Nodes that run without a write-ahead log (comma-separated).")
    List<Integer> nodesWithoutWal = new ArrayList<>();

    @Option(
            names = "--cluster-key-file",
            paramLabel = "FILE",
            description = "The cluster's key file (the script's data/cluster.key): the discovery server's peer list"
                    + " is asked for with it, and keys use makes it hold the new primary key.")
    Path clusterKeyFile;

    @Option(
            names = "--node-hosts",
            paramLabel = "HOST",
            split = ",",
            description = "A cluster of separate hosts: node i's host, in node order (its gossip address and where its"
                    + " HTTP API answers); with --discovery-host. Default: loopback, run-cluster.sh's.")
    List<String> nodeHosts = new ArrayList<>();

    @Option(
            names = "--discovery-host",
            paramLabel = "HOST",
            description = "With --node-hosts: where the discovery server answers.")
    String discoveryHost;

    @Option(names = "--script", paramLabel = "FILE", description = "run-cluster.sh, called back for its processes.")
    Path script;

    @Option(names = "--script-name", paramLabel = "NAME", description = "How messages name the script ($0).")
    String scriptName;

    @Option(
            names = "--color",
            paramLabel = "WHEN",
            defaultValue = "never",
            description = "always or never (run-cluster.sh says always when its stdout is a terminal and NO_COLOR"
                    + " is unset).")
    Colour colour;

    private final SessionFactory sessions;
    private final PrintStream out;
    private final PrintStream err;

    public ClusterToolCommand(SessionFactory sessions, PrintStream out, PrintStream err) {
        this.sessions = sessions;
        this.out = out;
        this.err = err;
    }

    /** Without a command: the usage, and exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return 2;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Terminal terminal() {
        return new Terminal(out, err, colour == Colour.ALWAYS);
    }

    /**
     * The cluster's layout, for checking arguments before anything is asked of the cluster;
     * every layout option and the script must be given.
     */
    public ClusterLayout layout() {
        List<String> missing = new ArrayList<>();
        if (nodes == null) {
            missing.add("--nodes");
        }
        if (discoveryPort == null) {
            missing.add("--discovery-port");
        }
        if (baseTcpPort == null) {
            missing.add("--base-tcp-port");
        }
        if (baseHttpPort == null) {
            missing.add("--base-http-port");
        }
        if (clusterDir == null) {
            missing.add("--cluster-dir");
        }
        if (script == null) {
            missing.add("--script");
        }
        if (!missing.isEmpty()) {
            throw new UsageError("missing " + String.join(", ", missing)
                    + ": the cluster commands are meant to be run by run-cluster.sh, which passes its layout");
        }
        return new ClusterLayout(
                nodes,
                discoveryPort,
                baseTcpPort,
                baseHttpPort,
                clusterDir,
                Set.copyOf(nodesWithoutWal),
                Optional.ofNullable(clusterKeyFile),
                ClusterHosts.of(nodeHosts, discoveryHost));
    }

    /** How messages name run-cluster.sh. */
    public String scriptName() {
        return scriptName != null ? scriptName : script != null ? script.toString() : "run-cluster.sh";
    }

    /** The cluster the subcommand acts on. */
    public ClusterSession session() {
        ClusterLayout layout = layout();
        return sessions.open(layout, new ScriptConfig(script, scriptName()), terminal());
    }
}

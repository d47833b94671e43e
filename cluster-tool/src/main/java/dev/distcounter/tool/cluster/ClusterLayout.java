package dev.distcounter.tool.cluster;

import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.ClusterKeyFile;
import dev.distcounter.tool.UsageError;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Where the cluster's processes listen and keep their files, as run-cluster.sh passes it: node
 * {@code i} (from 1) gossips on {@code baseTcpPort + i - 1} and answers HTTP on
 * {@code baseHttpPort + i - 1}, on loopback unless {@code hosts} names a host per node (the
 * network namespace suite's separate hosts). The script keeps the table of per-node flags; the
 * tool learns from it only which nodes run without a write-ahead log.
 *
 * @param nodesWithoutWal nodes whose acknowledged operations do not survive their crash
 * @param clusterKeyFile  the cluster's key file, which the script gives every process: the
 *                        discovery server's peer list is asked for with it; empty for a cluster
 *                        without a key
 * @param hosts           where each process is reached: one per node, or {@link ClusterHosts#LOOPBACK}
 */
public record ClusterLayout(
        int nodes,
        int discoveryPort,
        int baseTcpPort,
        int baseHttpPort,
        Path clusterDir,
        Set<Integer> nodesWithoutWal,
        Optional<Path> clusterKeyFile,
        ClusterHosts hosts) {
    private static final Pattern HOST_PORT = Pattern.compile("(.+):([0-9]+)");

    public ClusterLayout {
        if (nodes < 1) {
            throw new UsageError("NODE_COUNT must be at least 1");
        }
        if (!hosts.loopback() && hosts.named() != nodes) {
            throw new UsageError("--node-hosts names " + hosts.named() + " host(s) for " + nodes + " nodes");
        }
        nodesWithoutWal = Set.copyOf(nodesWithoutWal);
    }

    /** A cluster on loopback, without a key. */
    public ClusterLayout(
            int nodes,
            int discoveryPort,
            int baseTcpPort,
            int baseHttpPort,
            Path clusterDir,
            Set<Integer> nodesWithoutWal) {
        this(
                nodes,
                discoveryPort,
                baseTcpPort,
                baseHttpPort,
                clusterDir,
                nodesWithoutWal,
                Optional.empty(),
                ClusterHosts.LOOPBACK);
    }

    /** The key in {@link #clusterKeyFile}; a file that holds none is a usage error. */
    public Optional<ClusterKey> clusterKey() {
        try {
            return clusterKeyFile.map(ClusterKeyFile::read);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--cluster-key-file: " + e.getMessage());
        }
    }

    public List<Integer> allNodes() {
        return IntStream.rangeClosed(1, nodes).boxed().toList();
    }

    /** The node a command names ({@code text}, checked), or every node when it names none (null). */
    public List<Integer> nodeOrAll(String text) {
        return text == null ? allNodes() : List.of(parseNode(text));
    }

    public int tcpPort(int node) {
        return baseTcpPort + node - 1;
    }

    public int httpPort(int node) {
        return baseHttpPort + node - 1;
    }

    /** The node's gossip address, its name among its peers: {@code localhost:9000}. */
    public String address(int node) {
        return hosts.gossipHost(node) + ":" + tcpPort(node);
    }

    public URI nodeUrl(int node) {
        return URI.create("http://" + hosts.httpHost(node) + ":" + httpPort(node));
    }

    public URI discoveryUrl() {
        return URI.create("http://" + hosts.discoveryHost() + ":" + discoveryPort);
    }

    public boolean durable(int node) {
        return !nodesWithoutWal.contains(node);
    }

    public Path logDir() {
        return clusterDir.resolve("logs");
    }

    /**
     * The cluster's admin token ({@code data/admin.token}, mode 600): {@code start} makes it once,
     * every node is started with {@code --admin-token-file} naming it, the tool sends it on its
     * admin requests, and {@code clean} removes it.
     */
    public Path adminTokenFile() {
        return clusterDir.resolve("data").resolve("admin.token");
    }

    /** The script's PID file of a node, named in messages only: the script alone reads it. */
    public Path pidFile(int node) {
        return logDir().resolve("node-" + node + ".pid");
    }

    /** The node whose gossip address {@code addr} is, if it is one of this cluster's. */
    public OptionalInt nodeAt(String addr) {
        Matcher m = HOST_PORT.matcher(addr == null ? "" : addr);
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        long node;
        try {
            node = Long.parseLong(m.group(2)) - baseTcpPort + 1;
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
        return node >= 1 && node <= nodes && hosts.names((int) node, m.group(1))
                ? OptionalInt.of((int) node)
                : OptionalInt.empty();
    }

    /**
     * A node named by its gossip address (a leader, a key's owner): "node 5 (localhost:9004)", the
     * address of a stranger, or "none".
     */
    public String describeNode(String addr) {
        if (addr == null || addr.isEmpty()) {
            return "none";
        }
        OptionalInt node = nodeAt(addr);
        return node.isPresent() ? "node " + node.getAsInt() + " (" + addr + ")" : addr;
    }

    /** A node number given on the command line; anything but 1..nodes is a usage error. */
    public int parseNode(String text) {
        if (text != null && text.matches("[0-9]+")) {
            String digits = text.replaceFirst("^0+(?=.)", "");
            if (digits.length() <= 9) {
                int node = Integer.parseInt(digits);
                if (node >= 1 && node <= nodes) {
                    return node;
                }
            }
        }
        throw new UsageError("Invalid node number '" + text + "': expected 1.." + nodes);
    }
}

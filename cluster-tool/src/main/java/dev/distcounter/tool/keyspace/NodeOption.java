package dev.distcounter.tool.keyspace;

import dev.distcounter.tool.cluster.ClusterLayout;
import picocli.CommandLine.Option;

/** {@code --node N}: the node a keyspace command asks, which coordinates the request. */
final class NodeOption {
    @Option(names = "--node", paramLabel = "N", description = "The node to ask (it coordinates the request).")
    String node;

    /** The node given, checked against the layout (exit 2 otherwise), or null when none was. */
    Integer parse(ClusterLayout layout) {
        return node == null ? null : layout.parseNode(node);
    }
}

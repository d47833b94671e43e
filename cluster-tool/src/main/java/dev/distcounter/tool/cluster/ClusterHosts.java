package dev.distcounter.tool.cluster;

import dev.distcounter.tool.UsageError;
import java.util.List;
import java.util.Set;

/**
 * Which host each process of the cluster is reached at. run-cluster.sh runs them all on loopback
 * ({@link #LOOPBACK}): a node is named {@code localhost:PORT} among its peers and the tool reaches
 * the HTTP APIs and the discovery server at 127.0.0.1. A cluster of separate hosts (the network
 * namespace suite, e2e/netns) names one host per node, in node order, which is both the host of
 * its gossip address and where its HTTP API answers, and one host for the discovery server.
 *
 * <p>Hosts are names or IPv4 addresses (letters, digits, dots, dashes): they go into URLs as they
 * are.
 *
 * @param nodeHosts     node {@code i}'s host at index {@code i - 1}; empty for loopback
 * @param discoveryHost where the discovery server answers
 */
public record ClusterHosts(List<String> nodeHosts, String discoveryHost) {
    /** run-cluster.sh's layout: everything on loopback. */
    public static final ClusterHosts LOOPBACK = new ClusterHosts(List.of(), "127.0.0.1");

    private static final String GOSSIP_LOOPBACK = "localhost";
    private static final String HTTP_LOOPBACK = "127.0.0.1";
    /** The names a loopback node's gossip address may carry: its flags say localhost, GoDist's 127.0.0.1. */
    private static final Set<String> LOOPBACK_NAMES = Set.of(GOSSIP_LOOPBACK, HTTP_LOOPBACK);

    private static final String HOST = "[A-Za-z0-9.-]+";

    public ClusterHosts {
        nodeHosts = List.copyOf(nodeHosts);
        for (String host : nodeHosts) {
            check("--node-hosts", host);
        }
        check("--discovery-host", discoveryHost);
    }

    /**
     * The hosts given on the command line: loopback when neither is given; a discovery host
     * alone, or node hosts without one, is a usage error, since a cluster is either on one
     * machine or not.
     */
    public static ClusterHosts of(List<String> nodeHosts, String discoveryHost) {
        boolean noNodes = nodeHosts == null || nodeHosts.isEmpty();
        if (noNodes && discoveryHost == null) {
            return LOOPBACK;
        }
        if (noNodes || discoveryHost == null) {
            throw new UsageError("--node-hosts and --discovery-host go together (a cluster of separate hosts)");
        }
        return new ClusterHosts(nodeHosts, discoveryHost);
    }

    public boolean loopback() {
        return nodeHosts.isEmpty();
    }

    /** How many nodes this names a host for; 0 for loopback, which has room for any number. */
    int named() {
        return nodeHosts.size();
    }

    /** The host of node {@code node}'s gossip address. */
    String gossipHost(int node) {
        return loopback() ? GOSSIP_LOOPBACK : nodeHosts.get(node - 1);
    }

    /** Where node {@code node}'s HTTP API answers. */
    String httpHost(int node) {
        return loopback() ? HTTP_LOOPBACK : nodeHosts.get(node - 1);
    }

    /** Whether {@code host}, from an address a node reported, is node {@code node}'s. */
    boolean names(int node, String host) {
        return loopback()
                ? LOOPBACK_NAMES.contains(host)
                : nodeHosts.get(node - 1).equals(host);
    }

    private static void check(String option, String host) {
        if (host == null || !host.matches(HOST)) {
            throw new UsageError(option + ": '" + host + "' is not a host name or IPv4 address");
        }
    }
}

package dev.distcounter.tool.http;

/**
 * A process with a keyring: the discovery server, or node {@code node} (from 1).
 *
 * @param node the node's number, or 0 for the discovery server
 */
public record KeyHolder(int node) {
    public static final KeyHolder DISCOVERY = new KeyHolder(0);

    public static KeyHolder node(int node) {
        if (node < 1) {
            throw new IllegalArgumentException("nodes are numbered from 1, not " + node);
        }
        return new KeyHolder(node);
    }

    public boolean discovery() {
        return node == 0;
    }

    /** "Discovery" or "Node 3", as lines start. */
    public String label() {
        return discovery() ? "Discovery" : "Node " + node;
    }
}

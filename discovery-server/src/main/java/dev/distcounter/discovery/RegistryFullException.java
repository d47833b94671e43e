package dev.distcounter.discovery;

/** A new address was refused: the registry already holds its most live peers. */
public final class RegistryFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int maxPeers;

    RegistryFullException(int maxPeers) {
        super("the discovery server already lists its most, " + maxPeers + " nodes (--max-nodes)");
        this.maxPeers = maxPeers;
    }

    public int maxPeers() {
        return maxPeers;
    }
}

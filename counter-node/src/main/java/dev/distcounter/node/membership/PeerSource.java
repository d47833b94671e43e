package dev.distcounter.node.membership;

/** Where a node learned of a peer. */
public enum PeerSource {
    /** Listed by the discovery server. */
    DISCOVERY,
    /** Sent us a frame. */
    INBOUND,
    /** Mentioned in another peer's heartbeat (membership gossip). */
    GOSSIP,
    /** Given with {@code --seeds}; never forgotten. */
    SEED,
}

package dev.distcounter.node.membership;

/** What a node currently believes about a peer. Only {@link #DEAD} peers are left out of gossip. */
public enum MemberState {
    /** Heard from recently. */
    ALIVE,
    /** Silent for a while, or refusing connections: maybe down, maybe just slow. Still gossiped with. */
    SUSPECT,
    /** Silent for long: left out of gossip and election, probed now and then, forgotten later. */
    DEAD
}

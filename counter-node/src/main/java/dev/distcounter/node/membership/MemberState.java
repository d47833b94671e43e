package dev.distcounter.node.membership;

/**
 * What a node currently believes about a peer. {@link #DEAD} peers are left out of gossip, and
 * {@link #UNCONFIRMED} ones were never in it.
 */
public enum MemberState {
    /** Heard from recently. */
    ALIVE,
    /** Silent for a while, or refusing connections: maybe down, maybe just slow. Still gossiped with. */
    SUSPECT,
    /** Silent for long: left out of gossip and election, probed now and then, forgotten later. */
    DEAD,
    /**
     * A hint: known only from discovery or another node's heartbeat, never heard
     * from directly. Probed at a bounded rate; not gossiped with, not in the election, not listed
     * in heartbeats. The first frame from it makes it {@link #ALIVE}.
     */
    UNCONFIRMED
}

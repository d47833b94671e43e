package dev.distcounter.node.replication;

import java.util.List;

/**
 * The keyspace's settings and ring as one node sees them, for {@code /cluster}.
 *
 * @param quorumsOverlap R + W > N: a read that starts after a write's acknowledgement sees it
 * @param sloppyQuorum   {@code --sloppy-quorum}: writes go to stand-ins when fewer than W homes
 *                       are up, so the overlap holds only while they are
 * @param members        every member on the ring, sorted by name, with its share of the hash space
 */
public record RingSummary(
        int n, int r, int w, int vnodes, boolean quorumsOverlap, boolean sloppyQuorum, List<MemberShare> members) {
    public RingSummary {
        members = List.copyOf(members);
    }

    /**
     * One member's part of the ring.
     *
     * @param share        fraction of the hash space whose primary it is (all members sum to 1)
     * @param hintsPending hints the node describing the ring keeps for this member (writes it missed)
     */
    public record MemberShare(String node, String state, double share, long hintsPending) {
        public MemberShare(String node, String state, double share) {
            this(node, state, share, 0);
        }

        MemberShare withHintsPending(long hints) {
            return new MemberShare(node, state, share, hints);
        }
    }
}

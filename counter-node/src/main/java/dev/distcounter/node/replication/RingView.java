package dev.distcounter.node.replication;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.membership.MemberState;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.ring.RingMembership;
import dev.distcounter.node.ring.RingState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ring as this node sees it now: the JOINED members of its {@link RingState ring membership}
 * (docs/protocol.md, "Ring membership"). A suspect or dead member stays on the ring (failure
 * detection is not truth: its writes wait for it); it leaves only when it leaves or an operator
 * removes it. Whether a member is believed up, and its state, come from the membership table.
 * A node that has left and is the last one on its ring keeps itself as the ring: there is no
 * one to hand its keys to, and it still answers.
 *
 * <p>Safe from any thread: the ring is rebuilt only when the set of members changes, and
 * published as one immutable value.
 */
public final class RingView {
    private final NodeAddress self;
    private final PeerTable peers;
    private final RingState membership;
    private final int vnodes;
    private volatile HashRing ring;

    public RingView(NodeAddress self, PeerTable peers, RingState membership, int vnodes) {
        this.self = self;
        this.peers = peers;
        this.membership = membership;
        this.vnodes = vnodes;
        this.ring = HashRing.of(List.of(self.toString()), vnodes);
    }

    /** The ring for the members JOINED now. */
    public HashRing current() {
        Set<String> members = membership.current().joined();
        if (members.isEmpty()) {
            members = Set.of(self.toString());
        }
        HashRing known = ring;
        if (known.members().equals(members)) {
            return known;
        }
        HashRing rebuilt = HashRing.of(members, vnodes);
        ring = rebuilt;
        return rebuilt;
    }

    /** Who is on the ring, who left and who was removed, as this node knows it. */
    public RingMembership membership() {
        return membership.current();
    }

    /** {@code key}'s preference list: the first {@code n} distinct members clockwise, primary first. */
    public List<String> preferenceList(String key, int n) {
        return current().walk(key, n);
    }

    /** {@code self}, or the member's state in the table, in lower case. */
    public String state(String node) {
        if (node.equals(self.toString())) {
            return "self";
        }
        return peers.state(NodeAddress.parse(node))
                .map(s -> s.name().toLowerCase(Locale.ROOT))
                .orElse("unknown");
    }

    /** Whether {@code node} is this node or a member the failure detector holds alive. */
    public boolean believedUp(String node) {
        return node.equals(self.toString())
                || peers.state(NodeAddress.parse(node))
                        .map(s -> s == MemberState.ALIVE)
                        .orElse(false);
    }

    /** The key's placement with each replica's state, for {@code /kv/owners}. */
    public Placement placement(String key, int n) {
        List<Placement.Replica> replicas = new ArrayList<>();
        for (String node : preferenceList(key, n)) {
            replicas.add(new Placement.Replica(node, state(node)));
        }
        return new Placement(key, HashRing.hash(key), replicas);
    }

    /** Every member's share of the ring, sorted by name. */
    public List<RingSummary.MemberShare> shares() {
        Map<String, Double> shares = new TreeMap<>(current().shares());
        List<RingSummary.MemberShare> out = new ArrayList<>();
        shares.forEach((node, share) -> out.add(new RingSummary.MemberShare(node, state(node), share)));
        return out;
    }
}

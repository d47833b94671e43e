package dev.distcounter.node.replication;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.membership.Member;
import dev.distcounter.node.membership.MemberState;
import dev.distcounter.node.membership.PeerTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The ring as this node sees it now: itself and every member of its membership table, whatever
 * its state. A suspect or dead member stays on the ring (failure detection is not truth: its
 * writes wait for it); it leaves only when the table forgets it. Hints (peers told of but never
 * heard from) are not members and are not on the ring.
 *
 * <p>Safe from any thread: the ring is rebuilt only when the set of members changes, and
 * published as one immutable value.
 */
public final class RingView {
    private final NodeAddress self;
    private final PeerTable peers;
    private final int vnodes;
    private final LongSupplier clock;
    private volatile HashRing ring;

    public RingView(NodeAddress self, PeerTable peers, int vnodes, LongSupplier clock) {
        this.self = self;
        this.peers = peers;
        this.vnodes = vnodes;
        this.clock = clock;
        this.ring = HashRing.of(List.of(self.toString()), vnodes);
    }

    /** The ring for the members known now. */
    public HashRing current() {
        TreeSet<String> members = new TreeSet<>();
        members.add(self.toString());
        for (Member m : peers.members(clock.getAsLong())) {
            if (m.state() != MemberState.UNCONFIRMED) {
                members.add(m.address().toString());
            }
        }
        HashRing known = ring;
        if (known.members().equals(members)) {
            return known;
        }
        HashRing rebuilt = HashRing.of(members, vnodes);
        ring = rebuilt;
        return rebuilt;
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

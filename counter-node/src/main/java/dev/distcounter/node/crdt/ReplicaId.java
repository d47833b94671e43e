package dev.distcounter.node.crdt;

import dev.distcounter.common.Contracts;
import java.util.Comparator;

/**
 * Who made an increment: a node address plus the incarnation of the process that ran there.
 * Every process start gets a new incarnation, so an id is never reused: a node that restarts
 * with less state than its peers saw can never have its new increments hidden behind an old,
 * higher entry of its previous life (docs/guarantees.md §2).
 *
 * @param node        the node's gossip address, {@code host:port}
 * @param incarnation distinct for every start of that node
 */
public record ReplicaId(String node, long incarnation) implements Comparable<ReplicaId> {
    /** Longest node name the wire format carries. */
    public static final int MAX_NODE_LENGTH = 255;

    private static final Comparator<ReplicaId> ORDER =
            Comparator.comparing(ReplicaId::node).thenComparingLong(ReplicaId::incarnation);

    public ReplicaId {
        Contracts.checkNotNull(node, "replica node");
        Contracts.check(!node.isEmpty() && node.length() <= MAX_NODE_LENGTH, "replica node length within 1..255");
    }

    @Override
    public int compareTo(ReplicaId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return node + "#" + incarnation;
    }
}

package dev.distcounter.node.replication;

import java.util.List;

/**
 * A key's preference list as one node sees it: the N distinct members that hold it, primary first.
 *
 * @param key      the key
 * @param replicas primary first, then the next distinct members clockwise on the ring
 */
public record Placement(String key, long hash, List<Replica> replicas) {
    public Placement {
        replicas = List.copyOf(replicas);
    }

    /**
     * One replica of the key.
     *
     * @param node  its name (gossip address)
     * @param state {@code self}, or its membership state: {@code alive}, {@code suspect}, {@code dead}
     */
    public record Replica(String node, String state) {}
}

package dev.distcounter.tool.http;

import java.util.List;

/**
 * {@code GET /kv/owners/{key}}: the key's preference list as the node sees it, primary first.
 *
 * @param hash     the key's ring position, 16 hex digits
 * @param replicas each with its state in the node's membership table ({@code self} for the node asked)
 */
public record KvOwners(String key, String hash, List<Replica> replicas) {
    public KvOwners {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    /** One replica: its gossip address and state ({@code self}, {@code alive}, {@code suspect}, {@code dead}). */
    public record Replica(String node, String state) {}
}

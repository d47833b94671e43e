package dev.distcounter.node.http;

import dev.distcounter.node.replication.Placement;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code /kv/owners/{key}} in JSON: {@code {"key":"alpha","hash":"9f3a...","replicas":[{"node":..,
 * "state":"self"},..]}}, primary first.
 *
 * @param hash the key's position on the ring: its 64-bit hash as 16 lower-case hex digits (unsigned,
 *             so positions compare as strings do; a JSON number would lose bits in JavaScript)
 */
public record KvOwnersView(String key, String hash, List<Placement.Replica> replicas) {
    public KvOwnersView {
        replicas = List.copyOf(replicas);
    }

    static KvOwnersView of(Placement placement) {
        return new KvOwnersView(placement.key(), HexFormat.of().toHexDigits(placement.hash()), placement.replicas());
    }
}

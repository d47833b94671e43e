package dev.distcounter.node.replication;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * What the HTTP API may ask of the keyspace. Called on HTTP threads; the work runs on the node's
 * scheduler thread and the futures complete there. Keys and values must already satisfy
 * {@link dev.distcounter.node.kv.KeyLimits}; {@code w} and {@code r}, when present, must be in 1..N.
 */
public interface KeyValueOperations {
    /** Writes {@code value} under {@code key}; {@code w} overrides -W for this request. */
    CompletableFuture<WriteResult> put(String key, String value, OptionalInt w);

    /** Writes a tombstone under {@code key}; {@code w} overrides -W for this request. */
    CompletableFuture<WriteResult> delete(String key, OptionalInt w);

    /** Reads {@code key}; {@code r} overrides -R for this request. */
    CompletableFuture<ReadResult> get(String key, OptionalInt r);

    /** The key's preference list as this node sees it. */
    Placement owners(String key);

    /** The settings and the ring, for {@code /cluster}. */
    RingSummary ring();

    /** -N: the upper bound of {@code r} and {@code w}. */
    int replicas();

    /**
     * What this node's own replica holds for {@code key} now, without any quorum (a value, a
     * tombstone, or null for nothing), for {@code GET /kv/replica/{key}}: the history checker's
     * final per-replica reads. Null unless the keyspace exposes its replica.
     */
    default dev.distcounter.node.kv.Versioned heldHere(String key) {
        return null;
    }
}

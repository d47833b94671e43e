package dev.distcounter.tool.http;

/**
 * {@code GET /kv/replica/{key}}: what one node holds for a key as a replica, without any quorum:
 * a value, a tombstone ({@code deleted}, no value) or nothing ({@code held} false).
 *
 * @param value   null unless a value is held
 * @param version null unless something is held
 * @param deleted null unless something is held
 */
public record KvReplica(String key, boolean held, String value, Long version, Boolean deleted) {
    /** Whether the replica holds a tombstone. */
    public boolean tombstone() {
        return held && Boolean.TRUE.equals(deleted);
    }
}

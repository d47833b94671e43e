package dev.distcounter.node.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import dev.distcounter.node.kv.Versioned;

/**
 * What one replica holds for a key, in JSON: {@code {"key":..,"held":true,"value":..,"version":N,
 * "deleted":false}}; a tombstone {@code {"key":..,"held":true,"version":N,"deleted":true}};
 * nothing {@code {"key":..,"held":false}}. A request refused before the read (400, 405) has
 * {@code {"held":false,"error":..}}.
 *
 * @param value   absent unless a value is held
 * @param version the held version's counter; absent unless something is held
 * @param deleted absent unless something is held
 */
public record KvReplicaView(
        @JsonInclude(Include.NON_NULL) String key,
        boolean held,
        @JsonInclude(Include.NON_NULL) String value,
        @JsonInclude(Include.NON_NULL) Long version,
        @JsonInclude(Include.NON_NULL) Boolean deleted,
        @JsonInclude(Include.NON_NULL) String error) {

    static KvReplicaView of(String key, Versioned held) {
        if (held == null) {
            return new KvReplicaView(key, false, null, null, null, null);
        }
        return new KvReplicaView(
                key, true, held.deleted() ? null : held.value(), held.version().counter(), held.deleted(), null);
    }

    static KvReplicaView refused(String error) {
        return new KvReplicaView(null, false, null, null, null, error);
    }
}

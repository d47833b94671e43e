package dev.distcounter.checker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distcounter.common.Json;

/**
 * The keyspace's lines of a history file ({@link HistoryJsonLines} has the rest):
 * <ul>
 *   <li>{@code kv}: {@code op} ({@code put}, {@code get} or {@code delete}), {@code node},
 *       {@code key}, {@code invoke}, {@code complete}, {@code outcome}; a put's {@code value};
 *       with {@code ok}, the {@code version} answered, and for a get the {@code value} read
 *       (an ok get without {@code value} and {@code version} found nothing: 404).</li>
 *   <li>{@code kvfinal}: {@code node}, {@code key}, {@code at}; then {@code value} and
 *       {@code version}, or {@code "deleted":true} and {@code version} for a tombstone, or
 *       neither for a replica that holds nothing.</li>
 * </ul>
 */
final class KeyJsonLines {
    private KeyJsonLines() {}

    static KeyOperation keyOperation(JsonLine line) throws HistoryFormatException {
        return line.build(() -> new KeyOperation(
                line.keyKind(),
                line.string("node"),
                line.string("key"),
                line.number("invoke"),
                line.number("complete"),
                line.outcome(),
                line.nullableString("value"),
                line.optionalNumber("version")));
    }

    static KeyFinalRead keyFinalRead(JsonLine line) throws HistoryFormatException {
        return line.build(() -> new KeyFinalRead(
                line.string("node"),
                line.string("key"),
                line.nullableString("value"),
                line.optionalBoolean("deleted"),
                line.optionalNumber("version"),
                line.number("at")));
    }

    static void putKeyspace(ObjectNode meta, KeyspaceConfig keyspace) {
        meta.putObject("keyspace")
                .put("n", keyspace.n())
                .put("r", keyspace.r())
                .put("w", keyspace.w())
                .put("sloppyQuorum", keyspace.sloppyQuorum());
    }

    static ObjectNode toJson(KeyOperation op) {
        ObjectNode o = Json.MAPPER
                .createObjectNode()
                .put("type", "kv")
                .put("op", op.kind().json())
                .put("node", op.node())
                .put("key", op.key());
        if (op.value() != null) {
            o.put("value", op.value());
        }
        o.put("invoke", op.invokeMillis())
                .put("complete", op.completeMillis())
                .put("outcome", op.outcome().json());
        HistoryJsonLines.putIfPresent(o, "version", op.version());
        return o;
    }

    static ObjectNode toJson(KeyFinalRead fin) {
        ObjectNode o = Json.MAPPER
                .createObjectNode()
                .put("type", "kvfinal")
                .put("node", fin.node())
                .put("key", fin.key());
        if (fin.value() != null) {
            o.put("value", fin.value());
        }
        if (fin.deleted()) {
            o.put("deleted", true);
        }
        HistoryJsonLines.putIfPresent(o, "version", fin.version());
        return o.put("at", fin.atMillis());
    }
}

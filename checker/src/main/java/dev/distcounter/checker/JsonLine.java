package dev.distcounter.checker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** One non-blank line of a history file, with typed field access whose errors name the line. */
final class JsonLine {
    /** Builds an entry; lets a record's own validation surface as a line error. */
    interface EntryFactory<T> {
        T create() throws HistoryFormatException;
    }

    private final int number;
    private final JsonNode json;

    JsonLine(int number, String text) throws HistoryFormatException {
        this.number = number;
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw error("malformed JSON: " + e.getOriginalMessage());
        }
        if (parsed == null || !parsed.isObject()) {
            throw error("expected a JSON object");
        }
        this.json = parsed;
    }

    HistoryFormatException error(String problem) {
        return new HistoryFormatException(number, problem);
    }

    <T> T build(EntryFactory<T> factory) throws HistoryFormatException {
        try {
            return factory.create();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw error(e.getMessage());
        }
    }

    String string(String field) throws HistoryFormatException {
        return string(json, field, "");
    }

    String optionalString(String field, String absent) throws HistoryFormatException {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        return string(field);
    }

    private String string(JsonNode in, String field, String where) throws HistoryFormatException {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            throw error("missing field \"" + where + field + "\"");
        }
        if (!v.isTextual()) {
            throw error("field \"" + where + field + "\" must be a string, not " + v);
        }
        return v.textValue();
    }

    long number(String field) throws HistoryFormatException {
        Long v = optionalNumber(field);
        if (v == null) {
            throw error("missing field \"" + field + "\"");
        }
        return v;
    }

    Long optionalNumber(String field) throws HistoryFormatException {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error("field \"" + field + "\" must be a 64-bit integer, not " + v);
        }
        return v.longValue();
    }

    Outcome outcome() throws HistoryFormatException {
        String text = string("outcome");
        try {
            return Outcome.fromJson(text);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** The optional {@code "initial":{"value":V,"version":W}} of a meta line. */
    InitialState initial() throws HistoryFormatException {
        JsonNode initial = json.get("initial");
        if (initial == null || initial.isNull()) {
            return InitialState.ZERO;
        }
        if (!initial.isObject()) {
            throw error("field \"initial\" must be an object {value, version}");
        }
        JsonLine inner = new JsonLine(number, initial.toString());
        return build(() -> new InitialState(inner.number("value"), inner.number("version")));
    }

    Map<String, NodeInfo> nodes() throws HistoryFormatException {
        JsonNode all = json.get("nodes");
        if (all == null || all.isNull()) {
            throw error("missing field \"nodes\"");
        }
        if (!all.isObject()) {
            throw error("field \"nodes\" must be an object of node id to {addr, durable}");
        }
        Map<String, NodeInfo> nodes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : all.properties()) {
            String where = "nodes." + e.getKey() + ".";
            if (!e.getValue().isObject()) {
                throw error("field \"nodes." + e.getKey() + "\" must be an object {addr, durable}");
            }
            JsonNode durable = e.getValue().get("durable");
            if (durable == null || durable.isNull()) {
                throw error("missing field \"" + where + "durable\"");
            }
            if (!durable.isBoolean()) {
                throw error("field \"" + where + "durable\" must be true or false, not " + durable);
            }
            nodes.put(e.getKey(), new NodeInfo(string(e.getValue(), "addr", where), durable.booleanValue()));
        }
        return nodes;
    }

    boolean optionalBoolean(String field) throws HistoryFormatException {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw error("field \"" + field + "\" must be true or false, not " + v);
        }
        return v.booleanValue();
    }

    /** A string field that may be absent (null then). */
    String nullableString(String field) throws HistoryFormatException {
        return optionalString(field, null);
    }

    /** The {@code "op"} of a {@code kv} line. */
    KeyOperation.Kind keyKind() throws HistoryFormatException {
        String text = string("op");
        try {
            return KeyOperation.Kind.fromJson(text);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** The optional {@code "keyspace":{"n":3,"r":2,"w":2,"sloppyQuorum":false}} of a meta line. */
    KeyspaceConfig keyspace() throws HistoryFormatException {
        JsonNode keyspace = json.get("keyspace");
        if (keyspace == null || keyspace.isNull()) {
            return null;
        }
        if (!keyspace.isObject()) {
            throw error("field \"keyspace\" must be an object {n, r, w, sloppyQuorum}");
        }
        JsonLine inner = new JsonLine(number, keyspace.toString());
        return build(() -> new KeyspaceConfig(
                Math.toIntExact(inner.number("n")),
                Math.toIntExact(inner.number("r")),
                Math.toIntExact(inner.number("w")),
                inner.optionalBoolean("sloppyQuorum")));
    }
}

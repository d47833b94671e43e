package dev.distcounter.checker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distcounter.common.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Lines form of a {@link History}, one object per line:
 * <pre>
 * {"type":"meta","nodes":{"1":{"addr":"localhost:9000","durable":true}}}
 * {"type":"op","node":"1","delta":3,"invoke":1700000000123,"complete":1700000000130,"outcome":"ok","value":12,"version":40}
 * {"type":"read","node":"2","invoke":1700000000140,"complete":1700000000141,"outcome":"ok","value":5,"version":9}
 * {"type":"fault","what":"kill","detail":"node 3","at":1700000000150}
 * {"type":"final","node":"1","value":17,"version":60,"at":1700000000999}
 * </pre>
 * Unknown fields are ignored (recorders may add some); an unknown type, a missing or mistyped
 * field, or malformed JSON is an error naming the line, because a checker that skips what it
 * cannot read could call a broken run valid.
 */
final class HistoryJsonLines {
    private HistoryJsonLines() {}

    static History parse(List<String> lines) throws HistoryFormatException {
        Map<String, NodeInfo> nodes = new LinkedHashMap<>();
        List<Operation> ops = new ArrayList<>();
        List<Read> reads = new ArrayList<>();
        List<Fault> faults = new ArrayList<>();
        List<FinalRead> finals = new ArrayList<>();
        InitialState initial = InitialState.ZERO;
        boolean sawMeta = false;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty()) {
                continue;
            }
            Line line = new Line(i + 1, text);
            String type = line.string("type");
            switch (type) {
                case "meta" -> {
                    if (sawMeta) {
                        throw line.error("a second meta line (at most one is allowed)");
                    }
                    sawMeta = true;
                    nodes.putAll(line.nodes());
                    initial = line.initial();
                }
                case "op" ->
                    ops.add(line.build(() -> new Operation(
                            line.string("node"),
                            line.number("delta"),
                            line.number("invoke"),
                            line.number("complete"),
                            line.outcome(),
                            line.optionalNumber("value"),
                            line.optionalNumber("version"))));
                case "read" ->
                    reads.add(line.build(() -> new Read(
                            line.string("node"),
                            line.number("invoke"),
                            line.number("complete"),
                            line.outcome(),
                            line.optionalNumber("value"),
                            line.optionalNumber("version"))));
                case "fault" ->
                    faults.add(line.build(() ->
                            new Fault(line.string("what"), line.optionalString("detail", ""), line.number("at"))));
                case "final" ->
                    finals.add(line.build(() -> new FinalRead(
                            line.string("node"), line.number("value"), line.number("version"), line.number("at"))));
                default -> throw line.error("unknown type \"" + type + "\" (expected meta, op, read, fault or final)");
            }
        }
        return new History(nodes, ops, reads, faults, finals, initial);
    }

    static List<String> format(History history) {
        List<String> out = new ArrayList<>();
        if (!history.nodes().isEmpty() || !history.initial().equals(InitialState.ZERO)) {
            ObjectNode meta = Json.MAPPER.createObjectNode().put("type", "meta");
            ObjectNode nodes = meta.putObject("nodes");
            history.nodes()
                    .forEach((id, info) ->
                            nodes.putObject(id).put("addr", info.addr()).put("durable", info.durable()));
            if (!history.initial().equals(InitialState.ZERO)) {
                meta.putObject("initial")
                        .put("value", history.initial().value())
                        .put("version", history.initial().version());
            }
            out.add(meta.toString());
        }
        // A k-way merge by time rather than a sort: it never reorders entries of one kind, so a
        // round trip gives back equal lists even when a recorder appended out of time order.
        List<Iterator<ObjectNode>> kinds = List.of(
                history.ops().stream().map(HistoryJsonLines::toJson).iterator(),
                history.reads().stream().map(HistoryJsonLines::toJson).iterator(),
                history.faults().stream().map(HistoryJsonLines::toJson).iterator(),
                history.finals().stream().map(HistoryJsonLines::toJson).iterator());
        ObjectNode[] heads = new ObjectNode[kinds.size()];
        for (int k = 0; k < heads.length; k++) {
            heads[k] = kinds.get(k).hasNext() ? kinds.get(k).next() : null;
        }
        while (true) {
            int earliest = -1;
            for (int k = 0; k < heads.length; k++) {
                if (heads[k] != null && (earliest < 0 || time(heads[k]) < time(heads[earliest]))) {
                    earliest = k;
                }
            }
            if (earliest < 0) {
                return out;
            }
            out.add(heads[earliest].toString());
            heads[earliest] =
                    kinds.get(earliest).hasNext() ? kinds.get(earliest).next() : null;
        }
    }

    private static long time(ObjectNode entry) {
        return entry.has("invoke")
                ? entry.get("invoke").asLong()
                : entry.get("at").asLong();
    }

    private static ObjectNode toJson(Operation op) {
        ObjectNode o = Json.MAPPER
                .createObjectNode()
                .put("type", "op")
                .put("node", op.node())
                .put("delta", op.delta())
                .put("invoke", op.invokeMillis())
                .put("complete", op.completeMillis())
                .put("outcome", op.outcome().json());
        putIfPresent(o, "value", op.value());
        putIfPresent(o, "version", op.version());
        return o;
    }

    private static ObjectNode toJson(Read read) {
        ObjectNode o = Json.MAPPER
                .createObjectNode()
                .put("type", "read")
                .put("node", read.node())
                .put("invoke", read.invokeMillis())
                .put("complete", read.completeMillis())
                .put("outcome", read.outcome().json());
        putIfPresent(o, "value", read.value());
        putIfPresent(o, "version", read.version());
        return o;
    }

    private static ObjectNode toJson(Fault fault) {
        return Json.MAPPER
                .createObjectNode()
                .put("type", "fault")
                .put("what", fault.what())
                .put("detail", fault.detail())
                .put("at", fault.atMillis());
    }

    private static ObjectNode toJson(FinalRead fin) {
        return Json.MAPPER
                .createObjectNode()
                .put("type", "final")
                .put("node", fin.node())
                .put("value", fin.value())
                .put("version", fin.version())
                .put("at", fin.atMillis());
    }

    private static void putIfPresent(ObjectNode o, String field, Long number) {
        if (number != null) {
            o.put(field, number.longValue());
        }
    }

    /** Builds an entry; lets a record's own validation surface as a line error. */
    private interface EntryFactory<T> {
        T create() throws HistoryFormatException;
    }

    /** One non-blank line, with typed field access whose errors name the line. */
    private static final class Line {
        private final int number;
        private final JsonNode json;

        Line(int number, String text) throws HistoryFormatException {
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
            } catch (IllegalArgumentException e) {
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
            Line inner = new Line(number, initial.toString());
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
    }
}

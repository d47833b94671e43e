package dev.distcounter.checker;

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
 * The keyspace adds two kinds, and the meta line an optional
 * {@code "keyspace":{"n":3,"r":2,"w":2,"sloppyQuorum":false}} (see {@link KeyJsonLines}):
 * <pre>
 * {"type":"kv","op":"put","node":"1","key":"k1","value":"v7","invoke":1700000000200,"complete":1700000000210,"outcome":"ok","version":3}
 * {"type":"kv","op":"get","node":"2","key":"k1","invoke":1700000000220,"complete":1700000000225,"outcome":"ok","value":"v7","version":3}
 * {"type":"kv","op":"delete","node":"3","key":"k1","invoke":1700000000230,"complete":1700000000240,"outcome":"info"}
 * {"type":"kvfinal","node":"1","key":"k1","deleted":true,"version":4,"at":1700000001000}
 * </pre>
 * A history without them (every history written before the keyspace) reads as before.
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
        List<KeyOperation> keyOps = new ArrayList<>();
        List<KeyFinalRead> keyFinals = new ArrayList<>();
        KeyspaceConfig keyspace = null;
        InitialState initial = InitialState.ZERO;
        boolean sawMeta = false;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty()) {
                continue;
            }
            JsonLine line = new JsonLine(i + 1, text);
            String type = line.string("type");
            switch (type) {
                case "meta" -> {
                    if (sawMeta) {
                        throw line.error("a second meta line (at most one is allowed)");
                    }
                    sawMeta = true;
                    nodes.putAll(line.nodes());
                    initial = line.initial();
                    keyspace = line.keyspace();
                }
                case "kv" -> keyOps.add(KeyJsonLines.keyOperation(line));
                case "kvfinal" -> keyFinals.add(KeyJsonLines.keyFinalRead(line));
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
                default ->
                    throw line.error(
                            "unknown type \"" + type + "\" (expected meta, op, read, fault, final, kv or kvfinal)");
            }
        }
        return new History(nodes, ops, reads, faults, finals, initial, keyOps, keyFinals, keyspace);
    }

    static List<String> format(History history) {
        List<String> out = new ArrayList<>();
        if (!history.nodes().isEmpty() || !history.initial().equals(InitialState.ZERO) || history.keyspace() != null) {
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
            if (history.keyspace() != null) {
                KeyJsonLines.putKeyspace(meta, history.keyspace());
            }
            out.add(meta.toString());
        }
        // A k-way merge by time rather than a sort: it never reorders entries of one kind, so a
        // round trip gives back equal lists even when a recorder appended out of time order.
        List<Iterator<ObjectNode>> kinds = List.of(
                history.ops().stream().map(HistoryJsonLines::toJson).iterator(),
                history.reads().stream().map(HistoryJsonLines::toJson).iterator(),
                history.faults().stream().map(HistoryJsonLines::toJson).iterator(),
                history.finals().stream().map(HistoryJsonLines::toJson).iterator(),
                history.keyOps().stream().map(KeyJsonLines::toJson).iterator(),
                history.keyFinals().stream().map(KeyJsonLines::toJson).iterator());
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

    static void putIfPresent(ObjectNode o, String field, Long number) {
        if (number != null) {
            o.put(field, number.longValue());
        }
    }
}

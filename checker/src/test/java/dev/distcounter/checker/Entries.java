package dev.distcounter.checker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Short constructors for hand-written test histories. */
final class Entries {
    private Entries() {}

    /** Nodes "1" and "2" durable, "3" not. */
    static final Map<String, NodeInfo> THREE_NODES = nodes("1", true, "2", true, "3", false);

    static Map<String, NodeInfo> nodes(Object... idDurablePairs) {
        Map<String, NodeInfo> nodes = new LinkedHashMap<>();
        for (int i = 0; i < idDurablePairs.length; i += 2) {
            nodes.put((String) idDurablePairs[i], new NodeInfo("localhost:" + (9000 + i / 2), (Boolean)
                    idDurablePairs[i + 1]));
        }
        return nodes;
    }

    static Operation ok(String node, long delta, long invoke, long complete) {
        return new Operation(node, delta, invoke, complete, Outcome.OK, null, null);
    }

    static Operation ok(String node, long delta, long invoke, long complete, long value, long version) {
        return new Operation(node, delta, invoke, complete, Outcome.OK, value, version);
    }

    static Operation fail(String node, long delta, long invoke, long complete) {
        return new Operation(node, delta, invoke, complete, Outcome.FAIL, null, null);
    }

    static Operation info(String node, long delta, long invoke, long complete) {
        return new Operation(node, delta, invoke, complete, Outcome.INFO, null, null);
    }

    static Read read(String node, long invoke, long complete, long value, long version) {
        return new Read(node, invoke, complete, Outcome.OK, value, version);
    }

    static FinalRead fin(String node, long value, long version) {
        return new FinalRead(node, value, version, 10_000);
    }

    /** Finals at every one of {@code nodes} reporting the same state. */
    static List<FinalRead> finals(Map<String, NodeInfo> nodes, long value, long version) {
        return nodes.keySet().stream().map(n -> fin(n, value, version)).toList();
    }

    /** A history of {@code nodes} holding the given entries, sorted into their kinds. */
    static History history(Map<String, NodeInfo> nodes, Object... entries) {
        List<Operation> ops = new ArrayList<>();
        List<Read> reads = new ArrayList<>();
        List<Fault> faults = new ArrayList<>();
        List<FinalRead> finals = new ArrayList<>();
        for (Object e : entries) {
            if (e instanceof Operation o) {
                ops.add(o);
            } else if (e instanceof Read r) {
                reads.add(r);
            } else if (e instanceof Fault f) {
                faults.add(f);
            } else if (e instanceof FinalRead f) {
                finals.add(f);
            } else if (e instanceof List<?> list) {
                list.forEach(x -> finals.add((FinalRead) x));
            } else {
                throw new IllegalArgumentException("not an entry: " + e);
            }
        }
        return new History(nodes, ops, reads, faults, finals);
    }
}

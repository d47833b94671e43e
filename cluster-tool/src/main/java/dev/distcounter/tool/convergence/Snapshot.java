package dev.distcounter.tool.convergence;

import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.CounterState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/** The counters of the running nodes, read one after the other, in node order. */
public record Snapshot(List<NodeReading> readings) {
    public Snapshot {
        readings = List.copyOf(readings);
    }

    /** Every running node could be read (and at least one runs). */
    public boolean complete() {
        return !readings.isEmpty() && readings.stream().allMatch(NodeReading::ok);
    }

    /**
     * Every running node was read and holds the same state: the same value, version and digest.
     * Value and version are sums over the replicas' entries, so they alone can agree while the
     * entries differ, e.g. on the two sides of a partition (issue 10); the digest covers every entry
     * (docs/guarantees.md §4).
     */
    public boolean agrees() {
        if (!complete()) {
            return false;
        }
        CounterState first = readings.get(0).state();
        return readings.stream().allMatch(r -> r.state().sameStateAs(first));
    }

    /** Every node read shows the same value and version (their digests may still differ). */
    public boolean sameValueAndVersion() {
        return minValue().equals(maxValue()) && minVersion().equals(maxVersion());
    }

    /** Which nodes read hold which digest: "digest 1a2b... at nodes 1,2; digest 3c4d... at node 3". */
    public String digestSplit() {
        Map<Integer, CounterState> states = new LinkedHashMap<>();
        readings.stream().filter(NodeReading::ok).forEach(r -> states.put(r.node(), r.state()));
        return DigestSplit.describe(states);
    }

    /** The state all nodes agree on; only meaningful when {@link #agrees()}. */
    public CounterState agreed() {
        return Objects.requireNonNull(readings.get(0).state(), "no agreed state");
    }

    public OptionalLong minValue() {
        return readings.stream()
                .filter(NodeReading::ok)
                .mapToLong(r -> r.state().value())
                .min();
    }

    public OptionalLong maxValue() {
        return readings.stream()
                .filter(NodeReading::ok)
                .mapToLong(r -> r.state().value())
                .max();
    }

    public OptionalLong minVersion() {
        return readings.stream()
                .filter(NodeReading::ok)
                .mapToLong(r -> r.state().version())
                .min();
    }

    public OptionalLong maxVersion() {
        return readings.stream()
                .filter(NodeReading::ok)
                .mapToLong(r -> r.state().version())
                .max();
    }

    public List<Integer> nodes() {
        return readings.stream().map(NodeReading::node).toList();
    }

    /** One line per node: "  Node 2: 5 (version 9)" or "  Node 2: unreachable". */
    public void print(Terminal terminal) {
        for (NodeReading r : readings) {
            if (r.ok()) {
                terminal.line("  Node " + r.node() + ": " + r.state().value() + " (version "
                        + r.state().version() + ")");
            } else {
                terminal.line("  Node " + r.node() + ": " + terminal.red("unreachable"));
            }
        }
    }
}

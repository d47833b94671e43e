package dev.distcounter.tool.convergence;

import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.CounterState;
import java.util.List;
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

    /** Every running node was read and shows the same value and version. */
    public boolean agrees() {
        return complete()
                && readings.stream()
                                .map(r -> List.of(r.state().value(), r.state().version()))
                                .distinct()
                                .count()
                        == 1;
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

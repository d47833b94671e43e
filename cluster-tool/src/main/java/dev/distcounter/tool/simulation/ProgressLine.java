package dev.distcounter.tool.simulation;

import dev.distcounter.tool.convergence.NodeReading;
import dev.distcounter.tool.convergence.Snapshot;
import dev.distcounter.tool.time.Seconds;
import dev.distcounter.tool.write.OperationTally;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The line printed after every cycle but the last: "[   2.0s] ops 3 (acked 3, indeterminate 0)
 * expected 46 | n1=46 n2=46 n3=down | spread 0 | last change 0.0s ago | fault: none". A change
 * is a new value or version on any node (an increment and a decrement between two readings leave
 * the value but not the version).
 */
final class ProgressLine {
    private final List<Integer> allNodes;
    private final long startMillis;
    private final Map<Integer, String> lastSeen = new HashMap<>();
    private long lastChangeMillis;

    ProgressLine(List<Integer> allNodes, long startMillis) {
        this.allNodes = List.copyOf(allNodes);
        this.startMillis = startMillis;
        this.lastChangeMillis = startMillis;
    }

    /**
     * @param fault the active fault's description, "none", or null when the simulation injects none
     */
    String next(long nowMillis, Snapshot snapshot, OperationTally tally, String fault) {
        Map<Integer, NodeReading> byNode = new HashMap<>();
        snapshot.readings().forEach(r -> byNode.put(r.node(), r));
        StringBuilder nodes = new StringBuilder();
        for (int node : allNodes) {
            NodeReading r = byNode.get(node);
            if (r == null) {
                nodes.append('n').append(node).append("=down ");
                continue;
            }
            nodes.append('n')
                    .append(node)
                    .append('=')
                    .append(r.ok() ? Long.toString(r.state().value()) : "?")
                    .append(' ');
            String seen = r.ok() ? r.state().value() + "/" + r.state().version() : "?";
            if (!seen.equals(lastSeen.put(node, seen))) {
                lastChangeMillis = nowMillis;
            }
        }
        String spread = snapshot.minValue().isPresent()
                ? Long.toString(
                        snapshot.maxValue().getAsLong() - snapshot.minValue().getAsLong())
                : "?";
        return String.format(
                "[%6ss] ops %d (acked %d, indeterminate %d) expected %d | %s| spread %s | last change %ss ago%s",
                Seconds.of(nowMillis - startMillis),
                tally.sent(),
                tally.acked(),
                tally.indeterminate(),
                tally.expected(),
                nodes,
                spread,
                Seconds.of(nowMillis - lastChangeMillis),
                fault == null ? "" : " | fault: " + fault);
    }
}

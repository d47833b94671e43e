package dev.distcounter.tool.inspect;

import dev.distcounter.tool.cluster.ClusterLayout;
import dev.distcounter.tool.cluster.RunningProcesses;
import dev.distcounter.tool.console.Terminal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** The last line of {@code status}: whether the running nodes follow one leader. */
final class LeaderAgreement {
    /** Stands for a node whose {@code /cluster} did not answer. */
    static final String UNKNOWN = "?";

    private LeaderAgreement() {}

    /**
     * @param leaders running node to the leader it follows: an address, "" when it knows none,
     *                {@link #UNKNOWN} when it could not be asked; in node order
     */
    static String line(Map<Integer, String> leaders, ClusterLayout layout, RunningProcesses running, Terminal t) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        leaders.forEach((node, leader) ->
                groups.computeIfAbsent(leader, k -> new ArrayList<>()).add(node));
        if (groups.size() == 1) {
            String leader = groups.keySet().iterator().next();
            if (leader.isEmpty()) {
                return "Leader: none elected yet (an election runs two heartbeats after start)";
            }
            if (!leader.equals(UNKNOWN)) {
                String line =
                        "Leader: all " + leaders.size() + " running nodes agree on " + layout.describeNode(leader);
                OptionalInt node = layout.nodeAt(leader);
                if (node.isPresent() && !running.runs(node.getAsInt())) {
                    line += " "
                            + t.yellow(
                                    "(but node " + node.getAsInt() + " is not running: their views are out of date)");
                }
                return line;
            }
        }
        List<String> parts = new ArrayList<>();
        groups.forEach((leader, nodes) -> {
            String who = switch (leader) {
                case UNKNOWN -> "unknown";
                case "" -> "none";
                default -> layout.describeNode(leader);
            };
            parts.add(" " + who + " for nodes "
                    + String.join(",", nodes.stream().map(String::valueOf).toList()));
        });
        return "Leader: the running nodes " + t.yellow("do NOT agree") + ":" + String.join(";", parts);
    }
}

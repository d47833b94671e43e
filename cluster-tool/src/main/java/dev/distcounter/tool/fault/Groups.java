package dev.distcounter.tool.fault;

import dev.distcounter.tool.UsageError;
import dev.distcounter.tool.cluster.ClusterLayout;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The groups of a partition as the operator wrote them ({@code 1,2 3,4,5}): each node in at
 * most one group, at least two groups.
 */
public final class Groups {
    private final Map<Integer, Integer> groupOf;

    private Groups(Map<Integer, Integer> groupOf) {
        this.groupOf = groupOf;
    }

    public static Groups parse(List<String> groups, ClusterLayout layout, String scriptName) {
        if (groups.size() < 2) {
            throw new UsageError("A partition needs at least two groups, e.g.: " + scriptName + " partition 1,2 3,4,5");
        }
        Map<Integer, Integer> groupOf = new TreeMap<>();
        for (int g = 0; g < groups.size(); g++) {
            String group = groups.get(g);
            if (!group.matches("[0-9]+(,[0-9]+)*")) {
                throw new UsageError(
                        "Invalid group '" + group + "': expected node numbers separated by commas, e.g. 1,2");
            }
            for (String text : group.split(",", -1)) {
                int node = layout.parseNode(text);
                if (groupOf.putIfAbsent(node, g) != null) {
                    throw new UsageError("Node " + node + " is in more than one group");
                }
            }
        }
        return new Groups(groupOf);
    }

    /** Groups given as lists of node numbers (the simulation's random cut). */
    public static Groups of(List<List<Integer>> groups) {
        Map<Integer, Integer> groupOf = new TreeMap<>();
        for (int g = 0; g < groups.size(); g++) {
            for (int node : groups.get(g)) {
                groupOf.put(node, g);
            }
        }
        return new Groups(groupOf);
    }

    /** Every listed node, in ascending order. */
    public List<Integer> nodes() {
        return List.copyOf(groupOf.keySet());
    }

    /** The listed nodes of the other groups, which {@code node} must not reach. */
    public List<Integer> cutOffFrom(int node) {
        Integer own = groupOf.get(node);
        return groupOf.entrySet().stream()
                .filter(e -> !e.getValue().equals(own))
                .map(Map.Entry::getKey)
                .toList();
    }
}

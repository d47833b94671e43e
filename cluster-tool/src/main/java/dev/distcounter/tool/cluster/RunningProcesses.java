package dev.distcounter.tool.cluster;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster's live processes as the script sees them from its PID files.
 *
 * @param discovery the discovery server's PID, if it runs
 * @param nodes     node number to PID, for every node that runs
 */
public record RunningProcesses(OptionalLong discovery, SortedMap<Integer, Long> nodes) {
    public RunningProcesses {
        nodes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
    }

    public static RunningProcesses of(OptionalLong discovery, Map<Integer, Long> nodes) {
        return new RunningProcesses(discovery, new TreeMap<>(nodes));
    }

    /** The running nodes in ascending order. */
    public List<Integer> nodeNumbers() {
        return List.copyOf(nodes.keySet());
    }

    public boolean runs(int node) {
        return nodes.containsKey(node);
    }

    public OptionalLong pid(int node) {
        Long pid = nodes.get(node);
        return pid == null ? OptionalLong.empty() : OptionalLong.of(pid);
    }
}

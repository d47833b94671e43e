package dev.distcounter.tool.inspect;

import dev.distcounter.tool.cluster.ClusterLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether a cluster has formed: every running node lists every other running node among its
 * peers. Only running nodes count, so a cluster with a stopped node forms without it; a node
 * whose {@code /peers} cannot be read has not formed (it may still be starting).
 *
 * @param missing    for each running node that lacks some, the running nodes it does not list
 * @param unreadable the running nodes whose peers could not be read
 */
public record Formation(SortedMap<Integer, List<Integer>> missing, SortedSet<Integer> unreadable) {
    public Formation {
        missing = Collections.unmodifiableSortedMap(new TreeMap<>(missing));
        unreadable = Collections.unmodifiableSortedSet(new TreeSet<>(unreadable));
    }

    /**
     * @param running the nodes that run
     * @param listed  each running node's peer addresses; absent for a node that did not answer
     */
    public static Formation of(
            ClusterLayout layout, Collection<Integer> running, Map<Integer, Optional<List<String>>> listed) {
        SortedMap<Integer, List<Integer>> missing = new TreeMap<>();
        SortedSet<Integer> unreadable = new TreeSet<>();
        for (int node : running) {
            Optional<List<String>> peers = listed.getOrDefault(node, Optional.empty());
            if (peers.isEmpty()) {
                unreadable.add(node);
                continue;
            }
            List<Integer> absent = new ArrayList<>();
            for (int other : running) {
                if (other != node && !peers.get().contains(layout.address(other))) {
                    absent.add(other);
                }
            }
            if (!absent.isEmpty()) {
                missing.put(node, List.copyOf(absent));
            }
        }
        return new Formation(missing, unreadable);
    }

    public boolean complete() {
        return missing.isEmpty() && unreadable.isEmpty();
    }

    /** What is still missing: "node 3 does not list 4, 5; node 2 did not answer /peers". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        missing.forEach((node, absent) -> parts.add("node " + node + " does not list "
                + String.join(", ", absent.stream().map(String::valueOf).toList())));
        unreadable.forEach(node -> parts.add("node " + node + " did not answer /peers"));
        return parts.isEmpty() ? "every node lists every other" : String.join("; ", parts);
    }
}

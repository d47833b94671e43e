package dev.distcounter.tool.convergence;

import dev.distcounter.tool.http.CounterState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which nodes hold which state digest, in words: "digest 1a2b... at nodes 1,2; digest 3c4d... at
 * nodes 3,4,5". It is the reason a verdict gives when nodes show one value and version but hold
 * different states (issue 10); a node too old to report a digest shows as "no digest".
 */
public final class DigestSplit {
    private DigestSplit() {}

    /** The groups in the order of their first node; {@code stateByNode} iterates in node order. */
    public static String describe(Map<Integer, CounterState> stateByNode) {
        Map<String, List<Integer>> nodesByDigest = new LinkedHashMap<>();
        stateByNode.forEach((node, state) -> nodesByDigest
                .computeIfAbsent(state.digest() == null ? "" : state.digest(), d -> new ArrayList<>())
                .add(node));
        List<String> groups = new ArrayList<>();
        nodesByDigest.forEach((digest, nodes) -> groups.add((digest.isEmpty() ? "no digest" : "digest " + digest)
                + (nodes.size() == 1 ? " at node " : " at nodes ")
                + nodes.stream().map(String::valueOf).collect(Collectors.joining(","))));
        return String.join("; ", groups);
    }
}

package dev.distcounter.node.replication;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where one write goes: the nodes its round sends to, and for each stand-in the home replica it
 * keeps the write for (docs/protocol.md, "Sloppy quorum"). Pure.
 *
 * <p>Rules of {@link #sloppy}:
 * <ul>
 *   <li>The homes are the key's preference list, the first N distinct members of its walk.</li>
 *   <li>Each home believed up is written to as usual. Each home believed down, in list order, gets
 *       the next member of the walk after the N homes that is believed up and not already a
 *       stand-in: as many stand-ins as down homes, fewer when the ring runs out.</li>
 *   <li>A stand-in never holds the write as its own: it keeps a hint for its home and replays it
 *       there once the home is back, so placement stays what the ring says.</li>
 * </ul>
 *
 * @param nodes      every node the write is sent to: homes first, in list order, then stand-ins
 * @param standInFor stand-in → the home it keeps the write for (empty: a strict write)
 */
record WriteTargets(List<String> nodes, Map<String, String> standInFor) {
    WriteTargets {
        nodes = List.copyOf(nodes);
        standInFor = Map.copyOf(standInFor);
    }

    /** A strict write: the key's N homes, all of them. */
    static WriteTargets homes(List<String> preferenceList) {
        return new WriteTargets(preferenceList, Map.of());
    }

    /**
     * A sloppy write over {@code walk} (the key's whole walk of the ring, homes first).
     *
     * @param n  {@code -N}: how many of the walk are homes
     * @param up whether the failure detector believes a node up (this node always is)
     */
    static WriteTargets sloppy(List<String> walk, int n, Predicate<String> up) {
        List<String> homes = walk.subList(0, Math.min(n, walk.size()));
        List<String> nodes = new ArrayList<>();
        List<String> down = new ArrayList<>();
        for (String home : homes) {
            if (up.test(home)) {
                nodes.add(home);
            } else {
                down.add(home);
            }
        }
        Map<String, String> standIns = new LinkedHashMap<>();
        int next = homes.size();
        for (String home : down) {
            while (next < walk.size() && !up.test(walk.get(next))) {
                next++;
            }
            if (next == walk.size()) {
                break;
            }
            String standIn = walk.get(next++);
            nodes.add(standIn);
            standIns.put(standIn, home);
        }
        return new WriteTargets(nodes, standIns);
    }

    boolean isSloppy() {
        return !standInFor.isEmpty();
    }

    /** The home {@code node} keeps the write for, or {@code node} itself when it is a home. */
    String homeOf(String node) {
        return standInFor.getOrDefault(node, node);
    }
}

package dev.distcounter.tool.plot;

import dev.distcounter.checker.Fault;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault as a span of time: from the history's line that started it to the one that ended it (a
 * kill ends at the node's restart, a pause at its resume, a partition or chaos at the next heal),
 * or to the end of the history when nothing ended it.
 *
 * @param kind  the starting line's {@code what}: kill, pause, partition, chaos
 * @param label what the plot writes on the band, e.g. {@code kill node 3}
 */
public record FaultBand(String kind, String label, long fromMillis, long toMillis) {
    private static final Pattern NODE = Pattern.compile("^node (\\d+)");

    public FaultBand {
        if (toMillis < fromMillis) {
            throw new IllegalArgumentException("a band ends (" + toMillis + ") before it starts (" + fromMillis + ")");
        }
    }

    /** The bands of {@code faults} (in recorded order); open ones end at {@code endMillis}. */
    public static List<FaultBand> of(List<Fault> faults, long endMillis) {
        List<FaultBand> bands = new ArrayList<>();
        Map<String, Fault> open = new LinkedHashMap<>(); // by what ends it: "node 3" or "heal"
        for (Fault fault : faults) {
            String node = node(fault.detail());
            switch (fault.what()) {
                case "kill", "pause" -> open.put("node " + node, fault);
                case "partition", "chaos" -> open.put("heal", fault);
                case "restart", "resume" -> close(open.remove("node " + node), fault.atMillis(), bands);
                case "heal" -> close(open.remove("heal"), fault.atMillis(), bands);
                default -> {
                    // A kind this plot does not know: it is in the history, not on the plot.
                }
            }
        }
        for (Fault fault : open.values()) {
            close(fault, Math.max(endMillis, fault.atMillis()), bands);
        }
        bands.sort((a, b) -> Long.compare(a.fromMillis(), b.fromMillis()));
        return List.copyOf(bands);
    }

    private static void close(Fault start, long atMillis, List<FaultBand> bands) {
        if (start == null) {
            return;
        }
        bands.add(new FaultBand(start.what(), label(start), start.atMillis(), Math.max(atMillis, start.atMillis())));
    }

    /** {@code kill node 3}, {@code pause node 2}, {@code partition 1,2 | 3,4,5}, {@code chaos drop 0.2 on nodes 1,2}. */
    private static String label(Fault fault) {
        String node = node(fault.detail());
        if (node != null) {
            return fault.what() + " node " + node;
        }
        if (fault.what().equals("partition")) {
            return "partition " + fault.detail().replace(" ", " | ");
        }
        return fault.what() + " " + fault.detail();
    }

    private static String node(String detail) {
        Matcher m = NODE.matcher(detail);
        return m.find() ? m.group(1) : null;
    }
}

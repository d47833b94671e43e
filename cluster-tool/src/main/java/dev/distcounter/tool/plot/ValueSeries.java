package dev.distcounter.tool.plot;

import dev.distcounter.checker.FinalRead;
import dev.distcounter.checker.History;
import dev.distcounter.checker.Operation;
import dev.distcounter.checker.Outcome;
import dev.distcounter.checker.Read;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node's counter value over a run, as its clients saw it: every successful read, every
 * acknowledged write's reply and its final read, in time order (a read or write counts when it
 * completed). Immutable.
 *
 * @param node   the node's name in the history (its number)
 * @param points sorted by time
 */
public record ValueSeries(String node, List<Point> points) {
    /** The value the node answered at {@code atMillis}. */
    public record Point(long atMillis, long value) {}

    public ValueSeries {
        points = List.copyOf(points);
    }

    /** A series per node of {@code history} that answered at least once, sorted by node (numerically when they are numbers). */
    public static List<ValueSeries> of(History history) {
        Map<String, List<Point>> byNode = new TreeMap<>(ValueSeries::compareNodes);
        for (Read read : history.reads()) {
            if (read.outcome() == Outcome.OK && read.value() != null) {
                add(byNode, read.node(), read.completeMillis(), read.value());
            }
        }
        for (Operation op : history.ops()) {
            if (op.outcome() == Outcome.OK && op.value() != null) {
                add(byNode, op.node(), op.completeMillis(), op.value());
            }
        }
        for (FinalRead last : history.finals()) {
            add(byNode, last.node(), last.atMillis(), last.value());
        }
        List<ValueSeries> series = new ArrayList<>();
        byNode.forEach((node, points) -> {
            points.sort(Comparator.comparingLong(Point::atMillis));
            series.add(new ValueSeries(node, points));
        });
        return List.copyOf(series);
    }

    private static void add(Map<String, List<Point>> byNode, String node, long atMillis, long value) {
        byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(new Point(atMillis, value));
    }

    private static int compareNodes(String a, String b) {
        boolean numbers = a.matches("\\d{1,9}") && b.matches("\\d{1,9}");
        return numbers ? Integer.compare(Integer.parseInt(a), Integer.parseInt(b)) : a.compareTo(b);
    }
}

package dev.distcounter.tool.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * When faults start and which: at the start of a cycle with no active fault, one starts with
 * probability 1/3, of a kind drawn from the list, lasting 1 to 3 cycles (a pause: 2 to 5 seconds,
 * and at least until the next cycle). Its own generator makes
 * the schedule a function of the seed and of which nodes run, whatever the operations do.
 */
final class FaultSchedule {
    /** The shortest and longest pause: a long stop-the-world GC, longer than the failure detector's patience. */
    static final long MIN_PAUSE_MILLIS = 2000;

    static final long MAX_PAUSE_MILLIS = 5000;

    private final List<FaultKind> kinds;
    private final Random random;

    FaultSchedule(List<FaultKind> kinds, Random random) {
        this.kinds = List.copyOf(kinds);
        this.random = random;
    }

    /** The fault to start at the beginning of {@code cycle} (counting from 0), if any. */
    Optional<PlannedFault> maybeStart(int cycle, List<Integer> running) {
        if (kinds.isEmpty() || random.nextInt(3) != 0) {
            return Optional.empty();
        }
        FaultKind kind = kinds.get(random.nextInt(kinds.size()));
        int n = running.size();
        if (kind != FaultKind.CHAOS && n < 2) {
            return Optional.empty(); // killing, pausing or cutting off the last node tests nothing
        }
        return Optional.of(
                switch (kind) {
                    case KILL -> {
                        int node = running.get(random.nextInt(n));
                        yield new PlannedFault.Kill(node, endCycle(cycle));
                    }
                    case PARTITION -> {
                        List<List<Integer>> groups = cut(running);
                        yield new PlannedFault.Partition(groups.get(0), groups.get(1), endCycle(cycle));
                    }
                    case CHAOS -> new PlannedFault.Chaos(running, endCycle(cycle));
                    case PAUSE -> {
                        int node = running.get(random.nextInt(n));
                        long millis =
                                MIN_PAUSE_MILLIS + random.nextInt((int) (MAX_PAUSE_MILLIS - MIN_PAUSE_MILLIS) + 1);
                        yield new PlannedFault.Pause(node, millis, cycle + 1);
                    }
                });
    }

    private int endCycle(int cycle) {
        return cycle + 1 + random.nextInt(3);
    }

    /** The running nodes shuffled and cut at a random point into two non-empty groups. */
    private List<List<Integer>> cut(List<Integer> running) {
        List<Integer> order = new ArrayList<>(running);
        for (int k = order.size() - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            Integer tmp = order.get(k);
            order.set(k, order.get(j));
            order.set(j, tmp);
        }
        int at = 1 + random.nextInt(order.size() - 1);
        List<Integer> left = new ArrayList<>(order.subList(0, at));
        List<Integer> right = new ArrayList<>(order.subList(at, order.size()));
        left.sort(null);
        right.sort(null);
        return List.of(left, right);
    }
}

package dev.distcounter.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Histories of the size the simulations record: a hundred thousand operations and reads. Checked
 * in about a second; an O(ops × reads) regression would take hours, which the watchdog turns into
 * a failure. How fast the check is belongs to benchmarks, so the time is printed, not asserted.
 */
class HistoryCheckerPerformanceTest {
    private static final int OPS = 100_000;
    private static final int READS = 100_000;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void checksAHundredThousandOpsAndReads() {
        History h = largeValidHistory(new Random(42));

        long start = System.nanoTime();
        CheckResult r = HistoryChecker.check(h);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.valid()).as(r.report()).isTrue();
        assertThat(r.readsChecked()).isGreaterThan(READS);
        System.out.printf(
                "[HistoryCheckerPerformanceTest] %,d ops and %,d reads checked in %d ms%n", OPS, READS, millis);
    }

    /**
     * A valid history built in O(n log n): every node sees every applied operation the moment it
     * is applied (instant gossip), so a state observed at time t is the prefix of applied
     * operations up to t.
     */
    private static History largeValidHistory(Random random) {
        Map<String, NodeInfo> nodes = Entries.nodes("1", true, "2", true, "3", false, "4", false, "5", true);
        long base = 1_700_000_000_000L;
        record Planned(
                String node,
                long delta,
                long invoke,
                long complete,
                long appliedAt,
                Outcome outcome,
                boolean applied) {}
        List<Planned> planned = new ArrayList<>(OPS);
        for (int i = 0; i < OPS; i++) {
            long invoke = base + i * 10L + random.nextInt(10);
            long complete = invoke + random.nextInt(30);
            long delta = (random.nextBoolean() ? 1L : -1L) * (1 + random.nextInt(10));
            int roll = random.nextInt(10);
            Outcome outcome = roll < 8 ? Outcome.OK : roll == 8 ? Outcome.FAIL : Outcome.INFO;
            boolean applied = outcome == Outcome.OK || (outcome == Outcome.INFO && random.nextBoolean());
            planned.add(new Planned(
                    String.valueOf(1 + random.nextInt(5)),
                    delta,
                    invoke,
                    complete,
                    invoke + random.nextInt((int) (complete - invoke) + 1),
                    outcome,
                    applied));
        }
        List<Planned> byApply = planned.stream()
                .filter(Planned::applied)
                .sorted(Comparator.comparingLong(Planned::appliedAt))
                .toList();
        long[] applyTimes = byApply.stream().mapToLong(Planned::appliedAt).toArray();
        long[] values = new long[byApply.size() + 1];
        long[] versions = new long[byApply.size() + 1];
        for (int k = 0; k < byApply.size(); k++) {
            values[k + 1] = values[k] + byApply.get(k).delta();
            versions[k + 1] = versions[k] + Math.abs(byApply.get(k).delta());
        }
        List<Operation> ops = new ArrayList<>(OPS);
        for (Planned p : planned) {
            if (p.outcome() == Outcome.OK) {
                int k = countUpTo(applyTimes, p.appliedAt());
                ops.add(new Operation(
                        p.node(), p.delta(), p.invoke(), p.complete(), p.outcome(), values[k], versions[k]));
            } else {
                ops.add(new Operation(p.node(), p.delta(), p.invoke(), p.complete(), p.outcome(), null, null));
            }
        }
        List<Read> reads = new ArrayList<>(READS);
        for (int i = 0; i < READS; i++) {
            long invoke = base + random.nextInt(OPS * 10);
            long complete = invoke + random.nextInt(30);
            int k = countUpTo(applyTimes, invoke + random.nextInt((int) (complete - invoke) + 1));
            reads.add(new Read(
                    String.valueOf(1 + random.nextInt(5)), invoke, complete, Outcome.OK, values[k], versions[k]));
        }
        int all = byApply.size();
        List<FinalRead> finals = nodes.keySet().stream()
                .map(n -> new FinalRead(n, values[all], versions[all], base + OPS * 10L + 1_000))
                .toList();
        return new History(nodes, ops, reads, List.of(new Fault("kill", "node 3", base + 5)), finals);
    }

    private static int countUpTo(long[] sorted, long t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

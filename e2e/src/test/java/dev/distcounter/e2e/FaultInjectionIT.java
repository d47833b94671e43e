package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.checker.CheckResult;
import dev.distcounter.checker.History;
import dev.distcounter.checker.HistoryChecker;
import dev.distcounter.checker.HistoryRecorder;
import dev.distcounter.checker.Operation;
import dev.distcounter.checker.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jepsen-style runs of the original's 5-node layout: client threads send random increments and
 * decrements (and reads) to random nodes while a fault schedule drawn from {@code new Random(seed)}
 * SIGKILLs and restarts nodes (one down at a time), cuts the cluster in two and heals it, and
 * makes every node drop 30 % of its frames for a while. The last fault is a partition still in
 * place when the clients stop; then everything is healed and the cluster must converge. Every
 * request, read and fault is recorded, every node's final state appended, and the
 * {@link HistoryChecker} must find the history valid. The history (JSON Lines) is written to the
 * test's directory, which is kept when the test fails.
 *
 * <p>Node 3 has no WAL: its acknowledged writes survive its SIGKILL only once gossiped
 * (operations.md, "What a status code means"). Before killing it the clients stop sending to it,
 * nothing may be in flight there, and the schedule gives its pushes a moment; killing a WAL node
 * needs no such care.
 *
 * <p>Guarantees: docs/guarantees.md §1, §3 and §4.
 */
class FaultInjectionIT extends ClusterIT {
    private static final String TAG = "[FaultInjectionIT]";
    private static final int WRITERS = 4;
    private static final Duration CLIENT_PAUSE = Duration.ofMillis(8);
    private static final double LOSS = 0.3;
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(60);
    /** Time for a node without a WAL to push its last acknowledged writes before it is killed. */
    private static final Duration PUSH_GRACE = Duration.ofMillis(300);
    /** How long clients keep sending to a killed WAL node before they leave it alone. */
    private static final Duration NOTICE_DOWN = Duration.ofMillis(300);

    /** Heal-to-convergence of every seed, for the percentiles printed after the last one. */
    private static final List<Long> HEAL_TO_CONVERGENCE_MS = Collections.synchronizedList(new ArrayList<>());
    /** Only the heal right after the load of each seed. */
    private static final List<Long> FINAL_HEAL_MS = Collections.synchronizedList(new ArrayList<>());
    /** Extra partition/heal rounds per seed after the load, each with a short burst of writes on both sides. */
    private static final int QUIET_ROUNDS = 3;

    private static final Duration QUIET_ROUND_WRITES = Duration.ofMillis(1500);
    private static final Duration AGREEMENT_POLL = Duration.ofMillis(20);
    private static final List<String> SUMMARIES = Collections.synchronizedList(new ArrayList<>());

    private enum Fault {
        KILL,
        PARTITION,
        LOSS
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 22, 33})
    void historyIsValidUnderKillsPartitionsAndLoss(long seed) throws Exception {
        long testStart = System.nanoTime();
        cluster.startDiscovery();
        List<NodeProcess> nodes = cluster.startOriginalLayout();
        cluster.awaitFullPeerViews(Duration.ofSeconds(30));

        HistoryRecorder recorder = new HistoryRecorder();
        Map<NodeProcess, String> ids = new LinkedHashMap<>();
        for (NodeProcess node : nodes) {
            String id = node.name().substring("node".length());
            ids.put(node, id);
            recorder.node(id, node.addr(), !node.name().equals("node3"));
        }
        Random random = new Random(scramble(seed));
        List<String> faultLog = new ArrayList<>();
        RecordedWorkload load =
                new RecordedWorkload(cluster.client(), recorder, ids, WRITERS, true, seed, CLIENT_PAUSE).start();
        long loadStart = System.nanoTime();

        // ---- the fault schedule: one fault at a time, each undone before the next. Its sleeps
        // are not waits for anything: how long the load runs before, under and between faults is
        // what the schedule draws from the seed (every draw stays, or a seed would mean another
        // schedule).
        List<Fault> schedule = new ArrayList<>(List.of(Fault.KILL, Fault.KILL, Fault.PARTITION, Fault.LOSS));
        Collections.shuffle(schedule, random);
        List<NodeProcess> victims = new ArrayList<>(nodes); // two different nodes killed, in this order
        Collections.shuffle(victims, random);
        int kills = 0;
        Thread.sleep(1000 + random.nextInt(1000));
        for (Fault fault : schedule) {
            switch (fault) {
                case KILL -> killAndRestart(victims.get(kills++), random, recorder, load, faultLog);
                case PARTITION -> {
                    List<List<NodeProcess>> sides = partition(nodes, random, recorder, faultLog);
                    Thread.sleep(2500 + random.nextInt(1500));
                    heal(nodes, recorder, "partition " + describe(sides) + " ended", faultLog);
                }
                case LOSS -> {
                    ChaosControl.drop(cluster.client(), nodes, LOSS);
                    recorder.fault("chaos", "drop " + LOSS + " on every node");
                    faultLog.add("drop " + LOSS);
                    Thread.sleep(2500 + random.nextInt(1500));
                    heal(nodes, recorder, "drop " + LOSS + " ended", faultLog);
                }
            }
            Thread.sleep(500 + random.nextInt(1000));
        }
        // The last partition is still in place when the clients stop.
        List<List<NodeProcess>> finalSides = partition(nodes, random, recorder, faultLog);
        Thread.sleep(2500 + random.nextInt(1500));
        load.stopAndAwait(Duration.ofSeconds(30));
        long loadSeconds = (System.nanoTime() - loadStart) / 1_000_000_000L;

        // ---- heal everything, restart anything down, and wait for one state everywhere
        for (NodeProcess node : nodes) {
            if (!node.isAlive()) {
                cluster.restart(node);
                recorder.fault("restart", node.name() + " (was down at the end)");
            }
        }
        String beforeHeal = readings(nodes);
        long healStart = System.nanoTime();
        heal(nodes, recorder, "final heal of partition " + describe(finalSides), faultLog);
        CounterReading converged = awaitAgreement(nodes, CONVERGENCE_TIMEOUT);
        long healToConvergenceMs = (System.nanoTime() - healStart) / 1_000_000L;

        // ---- quiet rounds: partition, a burst of writes on both sides, heal, time to agreement
        List<Long> quietRoundsMs = new ArrayList<>();
        for (int round = 1; round <= QUIET_ROUNDS; round++) {
            List<List<NodeProcess>> sides = partition(nodes, random, recorder, faultLog);
            RecordedWorkload burst = new RecordedWorkload(
                            cluster.client(), recorder, ids, 2, false, seed * 100 + round, CLIENT_PAUSE)
                    .start();
            // The burst's length is the scenario, not a wait.
            Thread.sleep(QUIET_ROUND_WRITES.toMillis());
            burst.stopAndAwait(Duration.ofSeconds(30));
            long start = System.nanoTime();
            heal(nodes, recorder, "partition " + describe(sides) + " ended (quiet round " + round + ")", faultLog);
            converged = awaitAgreement(nodes, CONVERGENCE_TIMEOUT);
            quietRoundsMs.add((System.nanoTime() - start) / 1_000_000L);
        }
        // Quiet: the agreed state must not move any more.
        CounterReading agreed = converged;
        try {
            await("every node reading " + agreed + " for 1 s (nothing was in flight)")
                    .during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(11))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(AGREEMENT_POLL)
                    .untilAsserted(() -> cluster.agreedReading(nodes, "the converged " + agreed, agreed::equals));
        } catch (ConditionTimeoutException e) {
            throw cluster.timedOut(e);
        }
        for (NodeProcess node : nodes) {
            CounterReading r = cluster.client().counter(node);
            recorder.finalRead(ids.get(node), r.value(), r.version());
        }

        // ---- the verdict
        History history = recorder.history();
        Path file = workDir.resolve("history-seed-" + seed + ".jsonl");
        history.write(file);
        CheckResult result = HistoryChecker.check(history);

        long ackedSum = 0;
        long ackedMagnitude = 0;
        long infoDecrements = 0;
        long ackedAtNode1 = 0;
        for (Operation op : history.ops()) {
            if (op.outcome() == Outcome.OK) {
                ackedSum += op.delta();
                ackedMagnitude += Math.abs(op.delta());
                if (op.node().equals("1")) {
                    ackedAtNode1++;
                }
            } else if (op.outcome() == Outcome.INFO && op.delta() < 0) {
                infoDecrements += -op.delta();
            }
        }
        FINAL_HEAL_MS.add(healToConvergenceMs);
        HEAL_TO_CONVERGENCE_MS.add(healToConvergenceMs);
        HEAL_TO_CONVERGENCE_MS.addAll(quietRoundsMs);
        String summary = String.format(
                "seed %d: ops %d ok / %d fail / %d info, %d reads; %d faults injected (%s)"
                        + " over %d s of load; final value %d version %d (acknowledged sum %d, %d acknowledged at"
                        + " node1); final heal -> convergence %d ms (after the load), %s ms (quiet rounds);"
                        + " test %d s",
                seed,
                result.okOps(),
                result.failedOps(),
                result.infoOps(),
                history.reads().size(),
                result.faultCount(),
                String.join(", ", faultLog),
                loadSeconds,
                converged.value(),
                converged.version(),
                ackedSum,
                ackedAtNode1,
                healToConvergenceMs,
                quietRoundsMs,
                (System.nanoTime() - testStart) / 1_000_000_000L);
        SUMMARIES.add(summary);
        System.out.println(TAG + " " + summary);
        System.out.println(TAG + " load: " + load.summary() + "; sample answers: " + load.problems());
        System.out.println(TAG + " history: " + file);
        System.out.println(TAG + " before the final heal of " + describe(finalSides) + ": " + beforeHeal);
        if (!result.valid()) {
            System.out.println(TAG + " checker report for seed " + seed + ":\n" + result.report());
        }
        assertThat(result.valid())
                .as("history checker verdict for seed %d (history in %s):%n%s", seed, file, result.report())
                .isTrue();
        // The checker covers it; stated here as the promise it is: no acknowledged write is lost,
        // in particular none acknowledged by node1 (WAL + fsync), which was also SIGKILLed when drawn.
        assertThat(converged.value())
                .as("final value vs acknowledged sum %d minus indeterminate decrements %d", ackedSum, infoDecrements)
                .isGreaterThanOrEqualTo(ackedSum - infoDecrements);
        assertThat(converged.version())
                .as("final version vs every acknowledged unit operation")
                .isGreaterThanOrEqualTo(ackedMagnitude);
        assertThat(result.okOps()).as("acknowledged operations").isPositive();
        assertThat(ackedAtNode1).as("operations acknowledged by node1").isPositive();
        assertThat(result.faultCount()).as("faults recorded").isGreaterThanOrEqualTo(schedule.size() + 1);
    }

    /** SIGKILLs {@code victim}, keeps it down 2-3.5 s, restarts it with the same flags and WAL directory. */
    private void killAndRestart(
            NodeProcess victim, Random random, HistoryRecorder recorder, RecordedWorkload load, List<String> faultLog)
            throws Exception {
        boolean hasWal = !victim.name().equals("node3");
        if (!hasWal) {
            // Its acknowledged writes exist only in memory and in the peers it pushed them to.
            load.exclude(victim);
            load.awaitNothingInFlight(victim, Duration.ofSeconds(20));
            // A fixed grace: no node tells which peers hold a given write of another (/counter and
            // /health give totals only), so there is no event to wait for.
            Thread.sleep(PUSH_GRACE.toMillis());
        }
        // A WAL node is killed under load: requests in flight become info, and clients keep
        // trying it for a moment (connection refused: fail) before they notice it is gone.
        victim.sigkill();
        recorder.fault("kill", victim.name() + " (" + victim.addr() + ") SIGKILL");
        faultLog.add("kill " + victim.name());
        // Part of the schedule, like the down time that follows.
        Thread.sleep(NOTICE_DOWN.toMillis());
        load.exclude(victim);
        Thread.sleep(2000 + random.nextInt(1500) - NOTICE_DOWN.toMillis());
        cluster.restart(victim);
        recorder.fault("restart", victim.name() + " (" + victim.addr() + ")");
        load.include(victim);
    }

    /** Every node's counter and chaos status, one line each, for the report. */
    private String readings(List<NodeProcess> nodes) throws Exception {
        StringBuilder out = new StringBuilder();
        for (NodeProcess node : nodes) {
            out.append("\n    ")
                    .append(node.name())
                    .append(": ")
                    .append(cluster.client().counter(node))
                    .append("; ")
                    .append(cluster.client().get(node.uri("/admin/chaos")).line());
        }
        return out.toString();
    }

    /** A random two-way split of {@code nodes}; returns the two sides. */
    private List<List<NodeProcess>> partition(
            List<NodeProcess> nodes, Random random, HistoryRecorder recorder, List<String> faultLog) throws Exception {
        List<NodeProcess> order = new ArrayList<>(nodes);
        Collections.shuffle(order, random);
        int cut = 1 + random.nextInt(order.size() - 1);
        List<NodeProcess> a = sorted(order.subList(0, cut));
        List<NodeProcess> b = sorted(order.subList(cut, order.size()));
        ChaosControl.partition(cluster.client(), a, b);
        List<List<NodeProcess>> sides = List.of(a, b);
        String detail = names(a) + " | " + names(b);
        recorder.fault("partition", detail);
        faultLog.add("partition " + detail);
        return sides;
    }

    private void heal(List<NodeProcess> nodes, HistoryRecorder recorder, String what, List<String> faultLog)
            throws Exception {
        ChaosControl.heal(cluster.client(), nodes);
        recorder.fault("heal", what);
        faultLog.add("heal");
    }

    private static List<NodeProcess> sorted(List<NodeProcess> nodes) {
        return nodes.stream().sorted((x, y) -> x.name().compareTo(y.name())).toList();
    }

    private static String names(List<NodeProcess> nodes) {
        return nodes.stream().map(n -> n.name().substring("node".length())).collect(Collectors.joining(","));
    }

    private static String describe(List<List<NodeProcess>> sides) {
        return names(sides.get(0)) + " | " + names(sides.get(1));
    }

    @AfterAll
    static void printPercentiles() {
        System.out.println(TAG + " summary:");
        synchronized (SUMMARIES) {
            SUMMARIES.forEach(s -> System.out.println(TAG + "   " + s));
        }
        printPercentiles("heal right after the load (one per seed)", FINAL_HEAL_MS);
        printPercentiles("every heal with clients stopped (after the load + quiet rounds)", HEAL_TO_CONVERGENCE_MS);
    }

    private static void printPercentiles(String what, List<Long> all) {
        List<Long> samples;
        synchronized (all) {
            samples = new ArrayList<>(all);
        }
        if (samples.isEmpty()) {
            return;
        }
        Collections.sort(samples);
        System.out.printf(
                "%s heal -> convergence, %s: %d samples, p50 %d ms, p99 %d ms (min %d, max %d; all %s)%n",
                TAG,
                what,
                samples.size(),
                percentile(samples, 50),
                percentile(samples, 99),
                samples.get(0),
                samples.get(samples.size() - 1),
                samples);
    }

    /**
     * Polls /counter on every node every {@link #AGREEMENT_POLL} until all answer the same
     * value, version and state digest; returns it. Fails with the last readings on timeout.
     */
    private CounterReading awaitAgreement(List<NodeProcess> nodes, Duration timeout) {
        AtomicReference<CounterReading> agreed = new AtomicReference<>();
        try {
            await("every node reading the same value, version and state digest")
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(AGREEMENT_POLL)
                    .untilAsserted(() -> agreed.set(cluster.agreedReading(nodes, "any", r -> true)));
        } catch (ConditionTimeoutException e) {
            throw cluster.timedOut(e);
        }
        return agreed.get();
    }

    /**
     * SplitMix64's finalizer: java.util.Random's first draws barely differ between nearby small
     * seeds (11, 22 and 33 would all shuffle the schedule the same way), so the seed is spread first.
     * With it, seed 11 kills nodes 5 and 4, seed 22 nodes 1 and 3, seed 33 nodes 5 and 2.
     */
    static long scramble(long seed) {
        long z = seed;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Nearest-rank percentile of sorted samples. */
    static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}

package dev.distcounter.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Histories generated from a model of the cluster (nodes apply operations, learn each other's by
 * gossip after random delays, a node without a write-ahead log may forget its own operations for
 * a while after a restart) must check VALID; the same histories broken in ways no execution
 * explains must check INVALID.
 */
class HistoryCheckerPropertiesTest {
    private static final long BASE = 1_700_000_000_000L;
    private static final int MAX_NODES = 5;

    enum Fate {
        OK,
        FAIL,
        INFO_APPLIED,
        INFO_LOST
    }

    /** How an operation travels: delay to each other node, and whether its own node forgets it. */
    record Gossip(List<Integer> delays, boolean forgottenAfterRestart, int relearnDelay) {}

    record OpPlan(
            int node,
            long magnitude,
            boolean decrement,
            long invoke,
            long duration,
            Fate fate,
            int appliedAtPercent,
            Gossip gossip) {}

    record ReadPlan(int node, long invoke, long duration, int observedAtPercent, Outcome outcome) {}

    record Execution(
            int nodeCount, List<Boolean> durable, List<OpPlan> ops, List<ReadPlan> reads, List<Long> faultTimes) {}

    @Provide
    Arbitrary<Execution> executions() {
        Arbitrary<Gossip> gossip = Combinators.combine(
                        Arbitraries.integers().between(0, 300).list().ofSize(MAX_NODES),
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(1, 300))
                .as(Gossip::new);
        Arbitrary<OpPlan> op = Combinators.combine(
                        Arbitraries.integers().between(0, MAX_NODES - 1),
                                Arbitraries.longs().between(1, 10),
                        Arbitraries.of(true, false), Arbitraries.longs().between(0, 1_000),
                        Arbitraries.longs().between(0, 50), Arbitraries.of(Fate.class),
                        Arbitraries.integers().between(0, 100), gossip)
                .as(OpPlan::new);
        Arbitrary<ReadPlan> read = Combinators.combine(
                        Arbitraries.integers().between(0, MAX_NODES - 1),
                        Arbitraries.longs().between(0, 1_300),
                        Arbitraries.longs().between(0, 50),
                        Arbitraries.integers().between(0, 100),
                        Arbitraries.of(Outcome.OK, Outcome.OK, Outcome.OK, Outcome.FAIL, Outcome.INFO))
                .as(ReadPlan::new);
        return Combinators.combine(
                        Arbitraries.integers().between(2, MAX_NODES),
                        Arbitraries.of(true, false).list().ofSize(MAX_NODES),
                        op.list().ofMaxSize(40),
                        read.list().ofMaxSize(30),
                        Arbitraries.longs().between(0, 1_300).list().ofMaxSize(4))
                .as(Execution::new);
    }

    /** One operation as the model ran it. */
    // A model's scratch value, built once and only read: the array is never shared or changed.
    @SuppressWarnings("ArrayRecordComponent")
    private record Applied(
            Operation op,
            boolean applied,
            long appliedAt,
            long[] visibleFrom,
            long forgottenFrom,
            long forgottenUntil) {
        /** Whether node index m holds this operation at time t. */
        boolean visible(int m, long t) {
            if (!applied || t < visibleFrom[m]) {
                return false;
            }
            return t < forgottenFrom || t >= forgottenUntil;
        }
    }

    /** Runs the model and records what clients would have seen. */
    static History record(Execution e) {
        Map<String, NodeInfo> nodes = new LinkedHashMap<>();
        for (int i = 0; i < e.nodeCount(); i++) {
            nodes.put(id(i), new NodeInfo("localhost:" + (9000 + i), e.durable().get(i)));
        }
        List<Applied> model = new ArrayList<>();
        for (OpPlan p : e.ops()) {
            int node = p.node() % e.nodeCount();
            long invoke = BASE + p.invoke();
            long complete = invoke + p.duration();
            boolean applied = p.fate() == Fate.OK || p.fate() == Fate.INFO_APPLIED;
            long appliedAt = invoke + p.duration() * p.appliedAtPercent() / 100;
            long[] visibleFrom = new long[e.nodeCount()];
            for (int m = 0; m < e.nodeCount(); m++) {
                visibleFrom[m] =
                        m == node ? appliedAt : appliedAt + p.gossip().delays().get(m);
            }
            // A node without a write-ahead log may restart after answering, losing the operation
            // until a peer gossips it back.
            boolean forgets = !e.durable().get(node) && p.gossip().forgottenAfterRestart();
            long forgottenFrom = forgets ? complete + 1 : Long.MAX_VALUE;
            long forgottenUntil = forgets ? complete + 1 + p.gossip().relearnDelay() : Long.MAX_VALUE;
            Outcome outcome = switch (p.fate()) {
                case OK -> Outcome.OK;
                case FAIL -> Outcome.FAIL;
                case INFO_APPLIED, INFO_LOST -> Outcome.INFO;
            };
            Operation op = new Operation(
                    id(node), p.decrement() ? -p.magnitude() : p.magnitude(), invoke, complete, outcome, null, null);
            model.add(new Applied(op, applied, appliedAt, visibleFrom, forgottenFrom, forgottenUntil));
        }
        List<Operation> ops = new ArrayList<>();
        for (Applied a : model) {
            Operation op = a.op();
            if (op.outcome() == Outcome.OK) {
                long[] state = state(model, Integer.parseInt(op.node()) - 1, a.appliedAt());
                op = new Operation(
                        op.node(), op.delta(), op.invokeMillis(), op.completeMillis(), Outcome.OK, state[0], state[1]);
            }
            ops.add(op);
        }
        List<Read> reads = new ArrayList<>();
        for (ReadPlan p : e.reads()) {
            int node = p.node() % e.nodeCount();
            long invoke = BASE + p.invoke();
            long complete = invoke + p.duration();
            if (p.outcome() == Outcome.OK) {
                long[] state = state(model, node, invoke + p.duration() * p.observedAtPercent() / 100);
                reads.add(new Read(id(node), invoke, complete, Outcome.OK, state[0], state[1]));
            } else {
                // What a failed read carries is meaningless, and the checker must ignore it.
                reads.add(new Read(id(node), invoke, complete, p.outcome(), 1_000_000L, null));
            }
        }
        List<Fault> faults = e.faultTimes().stream()
                .map(t -> new Fault("chaos", "random", BASE + t))
                .toList();
        long[] all = state(model, -1, Long.MAX_VALUE);
        List<FinalRead> finals = new ArrayList<>();
        for (int i = 0; i < e.nodeCount(); i++) {
            finals.add(new FinalRead(id(i), all[0], all[1], BASE + 10_000));
        }
        return new History(nodes, ops, reads, faults, finals);
    }

    /** {value, version} at node index m at time t; m = -1 means everything applied. */
    private static long[] state(List<Applied> model, int m, long t) {
        long value = 0;
        long version = 0;
        for (Applied a : model) {
            if (m < 0 ? a.applied() : a.visible(m, t)) {
                value += a.op().delta();
                version += Math.abs(a.op().delta());
            }
        }
        return new long[] {value, version};
    }

    private static String id(int index) {
        return Integer.toString(index + 1);
    }

    @Property
    void modelledExecutionsAreValid(@ForAll("executions") Execution e) {
        CheckResult r = HistoryChecker.check(record(e));

        assertThat(r.valid()).as(r.report()).isTrue();
    }

    @Property
    void historiesRoundTripThroughJsonLines(@ForAll("executions") Execution e) throws HistoryFormatException {
        History h = record(e);

        assertThat(History.parse(h.toJsonLines())).isEqualTo(h);
    }

    @Property
    void losingAnAcknowledgedOpFromEveryFinalIsInvalid(
            @ForAll("executions") Execution e,
            @ForAll @IntRange(min = 0, max = MAX_NODES - 1) int node,
            @ForAll @LongRange(min = 0, max = 1_000) long invoke,
            @ForAll boolean decrement) {
        // The lost op is bigger than all indeterminate ops together (at most 40 x 10), so no
        // choice of them can stand in for it: any smaller op could be indistinguishable from an
        // info op of the same size that was applied, and that history would be valid.
        OpPlan big = new OpPlan(
                node, 1_000, decrement, invoke, 5, Fate.OK, 50, new Gossip(List.of(10, 20, 30, 40, 50), false, 1));
        List<OpPlan> ops = new ArrayList<>(e.ops());
        ops.add(big);
        History h = record(new Execution(e.nodeCount(), e.durable(), ops, e.reads(), e.faultTimes()));
        long delta = decrement ? -1_000 : 1_000;
        List<FinalRead> lost = h.finals().stream()
                .map(f -> new FinalRead(f.node(), f.value() - delta, f.version() - 1_000, f.atMillis()))
                .toList();

        assertThat(HistoryChecker.check(h).valid()).as("before the loss").isTrue();
        CheckResult r = HistoryChecker.check(withFinals(h, lost));
        assertThat(r.valid()).as(r.report()).isFalse();
        assertThat(r.violations()).anySatisfy(v -> assertThat(v).contains("lost write"));
    }

    @Property
    void addingOneToOneFinalIsInvalid(
            @ForAll("executions") Execution e, @ForAll @IntRange(min = 0, max = MAX_NODES - 1) int which) {
        History h = record(e);
        List<FinalRead> finals = new ArrayList<>(h.finals());
        int i = which % finals.size();
        FinalRead f = finals.get(i);
        finals.set(i, new FinalRead(f.node(), f.value() + 1, f.version(), f.atMillis()));

        CheckResult r = HistoryChecker.check(withFinals(h, finals));
        assertThat(r.valid()).as(r.report()).isFalse();
        assertThat(r.violations()).anySatisfy(v -> assertThat(v).contains("finals disagree"));
    }

    @Property
    void aReadExceedingEverythingInvokedIsInvalid(
            @ForAll("executions") Execution e,
            @ForAll @IntRange(min = 0, max = 29) int which,
            @ForAll boolean byVersion) {
        History h = record(e);
        long allIncrements = 0;
        long allMagnitudes = 0;
        for (Operation op : h.ops()) {
            if (op.outcome() != Outcome.FAIL) {
                allIncrements += op.increment();
                allMagnitudes += Math.abs(op.delta());
            }
        }
        List<Read> reads = new ArrayList<>(h.reads());
        List<Integer> okReads = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            if (reads.get(i).outcome() == Outcome.OK) {
                okReads.add(i);
            }
        }
        if (okReads.isEmpty()) {
            reads.add(new Read("1", BASE + 500, BASE + 510, Outcome.OK, 0L, 0L));
            okReads.add(reads.size() - 1);
        }
        int i = okReads.get(which % okReads.size());
        Read old = reads.get(i);
        reads.set(
                i,
                new Read(
                        old.node(),
                        old.invokeMillis(),
                        old.completeMillis(),
                        Outcome.OK,
                        byVersion ? old.value() : allIncrements + 1,
                        byVersion ? allMagnitudes + 1 : old.version()));

        CheckResult r = HistoryChecker.check(new History(h.nodes(), h.ops(), reads, h.faults(), h.finals()));
        assertThat(r.valid()).as(r.report()).isFalse();
        assertThat(r.violations()).anySatisfy(v -> assertThat(v).startsWith("read at node " + old.node()));
    }

    /**
     * The final-state rule against an oracle that tries every subset of the indeterminate ops:
     * valid exactly when some subset explains the reported value and version.
     */
    @Property
    void finalRuleAgreesWithEverySubsetOracle(
            @ForAll @Size(max = 6) List<@LongRange(min = -6, max = 6) Long> acknowledged,
            @ForAll @Size(max = 8) List<@LongRange(min = -6, max = 6) Long> indeterminate,
            @ForAll @LongRange(min = -40, max = 40) long value,
            @ForAll @LongRange(min = 0, max = 60) long version) {
        List<Operation> ops = new ArrayList<>();
        acknowledged.stream()
                .filter(d -> d != 0)
                .forEach(d -> ops.add(new Operation("1", d, BASE, BASE + 1, Outcome.OK, null, null)));
        List<Long> infos = indeterminate.stream().filter(d -> d != 0).toList();
        infos.forEach(d -> ops.add(new Operation("2", d, BASE, BASE + 1, Outcome.INFO, null, null)));
        long baseValue = ops.stream()
                .filter(o -> o.outcome() == Outcome.OK)
                .mapToLong(Operation::delta)
                .sum();
        long baseVersion = ops.stream()
                .filter(o -> o.outcome() == Outcome.OK)
                .mapToLong(o -> Math.abs(o.delta()))
                .sum();
        boolean explainable = false;
        for (int mask = 0; mask < 1 << infos.size() && !explainable; mask++) {
            long v = baseValue;
            long ver = baseVersion;
            for (int k = 0; k < infos.size(); k++) {
                if ((mask & 1 << k) != 0) {
                    v += infos.get(k);
                    ver += Math.abs(infos.get(k));
                }
            }
            explainable = v == value && ver == version;
        }
        History h = new History(
                Entries.THREE_NODES,
                ops,
                List.of(),
                List.of(),
                List.of(new FinalRead("1", value, version, BASE + 9), new FinalRead("2", value, version, BASE + 9)));

        CheckResult r = HistoryChecker.check(h);
        assertThat(r.valid()).as(r.report()).isEqualTo(explainable);
    }

    private static History withFinals(History h, List<FinalRead> finals) {
        return new History(h.nodes(), h.ops(), h.reads(), h.faults(), finals);
    }
}

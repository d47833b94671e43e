package dev.distcounter.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Histories generated from a model of the keyspace as R + W > N promises it (each key an atomic
 * register whose writes take effect at one instant between invoke and completion, each with the
 * key's next version) must check VALID; the same histories with a replica holding a value nobody
 * wrote, or a write answered with a version that does not win, must check INVALID.
 */
class KeyCheckerPropertiesTest {
    private static final String[] KEYS = {"a", "b", "c"};

    enum Fate {
        OK,
        FAIL,
        INFO_APPLIED,
        INFO_LOST
    }

    record Plan(KeyOperation.Kind kind, int key, long invoke, long duration, int atPercent, Fate fate) {
        long point() {
            return invoke + duration * atPercent / 100;
        }

        boolean applied() {
            return kind == KeyOperation.Kind.GET || fate == Fate.OK || fate == Fate.INFO_APPLIED;
        }
    }

    @Provide
    Arbitrary<List<Plan>> plans() {
        return Combinators.combine(
                        Arbitraries.of(KeyOperation.Kind.class),
                        Arbitraries.integers().between(0, KEYS.length - 1),
                        Arbitraries.longs().between(0, 1000),
                        Arbitraries.longs().between(0, 100),
                        Arbitraries.integers().between(0, 100),
                        Arbitraries.of(Fate.class))
                .as(Plan::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(60);
    }

    /** Key state in the model: a value, a tombstone (null value, version above 0) or nothing (version 0). */
    private record State(String value, long version) {}

    /** Runs the plans against atomic registers and records what clients would have seen. */
    static History execute(List<Plan> plans) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> plans.get(i).point()).thenComparing(i -> i));
        Map<String, State> state = new HashMap<>();
        KeyOperation[] ops = new KeyOperation[plans.size()];
        for (int i : order) {
            Plan p = plans.get(i);
            String key = KEYS[p.key()];
            State now = state.getOrDefault(key, new State(null, 0));
            Outcome outcome = switch (p.fate()) {
                case OK -> Outcome.OK;
                case FAIL -> Outcome.FAIL;
                default -> Outcome.INFO;
            };
            String value = p.kind() == KeyOperation.Kind.PUT ? "v" + i : null;
            Long version = null;
            if (p.kind() == KeyOperation.Kind.GET) {
                outcome = Outcome.OK;
                value = now.value();
                version = now.value() == null ? null : now.version();
            } else if (p.applied()) {
                state.put(key, new State(value, now.version() + 1));
                version = outcome == Outcome.OK ? now.version() + 1 : null;
            }
            ops[i] = new KeyOperation(
                    p.kind(), "1", key, p.invoke(), p.invoke() + p.duration(), outcome, value, version);
        }
        List<KeyFinalRead> finals = new ArrayList<>();
        state.forEach((key, s) -> {
            for (String node : new String[] {"1", "2", "3"}) {
                finals.add(new KeyFinalRead(node, key, s.value(), s.value() == null, s.version(), 5000));
            }
        });
        return KeyEntries.keyHistory(KeyEntries.STRICT, (Object[]) concat(ops, finals));
    }

    private static Object[] concat(KeyOperation[] ops, List<KeyFinalRead> finals) {
        List<Object> all = new ArrayList<>(List.of(ops));
        all.add(finals);
        return all.toArray();
    }

    @Property
    void everyExecutionOfAtomicRegistersIsValid(@ForAll("plans") List<Plan> plans) {
        KeyCheckResult r = KeyChecker.check(execute(plans));

        assertThat(r.valid()).as(r.report()).isTrue();
    }

    @Property
    void aReplicaHoldingAnUnwrittenValueIsInvalid(@ForAll("plans") @Size(min = 1) List<Plan> plans) {
        History h = execute(plans);
        List<KeyFinalRead> finals = new ArrayList<>(h.keyFinals());
        finals.add(new KeyFinalRead("4", "a", "ghost", false, 1L, 5000));
        History broken = new History(
                h.nodes(), h.ops(), h.reads(), h.faults(), h.finals(), h.initial(), h.keyOps(), finals, h.keyspace());

        KeyCheckResult r = KeyChecker.check(broken);

        assertThat(r.valid()).isFalse();
        assertThat(r.violations()).anySatisfy(v -> assertThat(v).contains("\"ghost\"", "never written"));
    }

    @Property
    void aLaterAcknowledgedWriteWithoutAGreaterVersionIsInvalid(@ForAll("plans") List<Plan> plans) {
        History h = execute(plans);
        // A put acknowledged after everything else, answered with version 1: it wins over nothing
        // that came before it unless nothing acknowledged came before it.
        long end = 2000;
        KeyOperation late = new KeyOperation(KeyOperation.Kind.PUT, "1", "a", end, end + 1, Outcome.OK, "late", 1L);
        List<KeyOperation> ops = new ArrayList<>(h.keyOps());
        ops.add(late);
        History broken = new History(
                h.nodes(), h.ops(), h.reads(), h.faults(), h.finals(), h.initial(), ops, List.of(), h.keyspace());
        boolean earlierAcknowledged =
                h.keyOps().stream().anyMatch(op -> op.key().equals("a") && op.acknowledgedWithVersion());

        KeyCheckResult r = KeyChecker.check(broken);

        assertThat(r.valid()).as(r.report()).isEqualTo(!earlierAcknowledged);
    }
}

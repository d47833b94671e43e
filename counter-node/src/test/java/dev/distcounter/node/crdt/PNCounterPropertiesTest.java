package dev.distcounter.node.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.common.ContractViolation;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Guarantees: docs/guarantees.md §1, §2 and §5. */
class PNCounterPropertiesTest {

    /** One operation: which replica, increment or decrement, by how much. */
    record Op(ReplicaId replica, boolean increment, long amount) {
        PNCounter applyTo(PNCounter c) {
            return increment ? c.increment(replica, amount) : c.decrement(replica, amount);
        }
    }

    @Provide
    Arbitrary<ReplicaId> replicas() {
        return Combinators.combine(
                        Arbitraries.of("localhost:9000", "localhost:9001", "localhost:9002"),
                        Arbitraries.longs().between(1, 3))
                .as(ReplicaId::new);
    }

    @Provide
    Arbitrary<Op> ops() {
        return Combinators.combine(
                        replicas(),
                        Arbitraries.of(true, false),
                        Arbitraries.longs().between(1, 1_000))
                .as(Op::new);
    }

    @Provide
    Arbitrary<PNCounter> counters() {
        return ops().list().ofMaxSize(30).map(list -> {
            PNCounter c = PNCounter.empty();
            for (Op op : list) {
                c = op.applyTo(c);
            }
            return c;
        });
    }

    @Property
    void mergeIsCommutative(@ForAll("counters") PNCounter a, @ForAll("counters") PNCounter b) {
        assertThat(a.merge(b)).isEqualTo(b.merge(a));
    }

    @Property
    void mergeIsAssociative(
            @ForAll("counters") PNCounter a, @ForAll("counters") PNCounter b, @ForAll("counters") PNCounter c) {
        assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
    }

    @Property
    void mergeIsIdempotent(@ForAll("counters") PNCounter a, @ForAll("counters") PNCounter b) {
        assertThat(a.merge(a)).isEqualTo(a);
        PNCounter ab = a.merge(b);
        assertThat(ab.merge(b)).isEqualTo(ab);
        assertThat(ab.merge(a)).isEqualTo(ab);
    }

    @Property
    void mergeIsTheLeastUpperBound(@ForAll("counters") PNCounter a, @ForAll("counters") PNCounter b) {
        PNCounter ab = a.merge(b);
        assertThat(ab.dominates(a)).isTrue();
        assertThat(ab.dominates(b)).isTrue();
        assertThat(ab.version()).isGreaterThanOrEqualTo(Math.max(a.version(), b.version()));
    }

    @Property
    void valueAndVersionFollowTheirFormulas(@ForAll @Size(max = 40) List<@net.jqwik.api.From("ops") Op> ops) {
        PNCounter c = PNCounter.empty();
        long value = 0;
        long version = 0;
        for (Op op : ops) {
            c = op.applyTo(c);
            value += op.increment() ? op.amount() : -op.amount();
            version += op.amount();
        }
        assertThat(c.value()).isEqualTo(value);
        assertThat(c.version()).isEqualTo(version);
        long sumP = c.entries().values().stream().mapToLong(CounterEntry::p).sum();
        long sumN = c.entries().values().stream().mapToLong(CounterEntry::n).sum();
        assertThat(c.value()).isEqualTo(sumP - sumN);
        assertThat(c.version()).isEqualTo(sumP + sumN);
    }

    /**
     * The original's bug: with "highest version wins", concurrent increments on two nodes lose
     * one side. With the PN-counter, every replica's operations survive any merge order.
     */
    @Property
    void concurrentOperationsOnDifferentReplicasAreNeverLost(
            @ForAll @Size(min = 1, max = 20) List<@net.jqwik.api.From("ops") Op> ops,
            @ForAll @IntRange(min = 0, max = 1000) int seed) {
        // Each replica applies only its own operations, independently, then all states merge.
        Map<ReplicaId, PNCounter> local = new java.util.HashMap<>();
        long expected = 0;
        for (Op op : ops) {
            local.merge(op.replica(), op.applyTo(PNCounter.empty()), (old, fresh) -> op.applyTo(old));
            expected += op.increment() ? op.amount() : -op.amount();
        }
        List<PNCounter> states = new java.util.ArrayList<>(local.values());
        java.util.Collections.shuffle(states, new java.util.Random(seed));
        PNCounter merged = PNCounter.empty();
        for (PNCounter s : states) {
            merged = merged.merge(s);
        }
        assertThat(merged.value()).isEqualTo(expected);
    }

    @Property
    void versionNeverDecreasesUnderMerge(@ForAll("counters") PNCounter a, @ForAll("counters") PNCounter b) {
        assertThat(a.merge(b).version()).isGreaterThanOrEqualTo(a.version());
    }

    @Property
    void changesSinceHoldsExactlyWhatAMergeRaised(@ForAll("counters") PNCounter a, @ForAll("counters") PNCounter b) {
        PNCounter merged = a.merge(b);
        PNCounter changed = merged.changesSince(a);
        assertThat(a.merge(changed)).isEqualTo(merged);
        changed.entries()
                .forEach((replica, entry) -> assertThat(a.entry(replica)).isNotEqualTo(entry));
    }

    @Property
    void codecRoundTrips(@ForAll("counters") PNCounter c) throws Exception {
        assertThat(CounterCodec.decode(CounterCodec.encode(c))).isEqualTo(c);
    }

    @Property
    void aSingleEntryEncodesAsAOneEntryCounter(
            @ForAll("replicas") ReplicaId replica,
            @ForAll @net.jqwik.api.constraints.LongRange(min = 0) long p,
            @ForAll @net.jqwik.api.constraints.LongRange(min = 0) long n) {
        net.jqwik.api.Assume.that(p <= Long.MAX_VALUE - n);
        CounterEntry entry = new CounterEntry(p, n);
        assertThat(CounterCodec.encodeEntry(replica, entry))
                .isEqualTo(CounterCodec.encode(PNCounter.of(Map.of(replica, entry))));
    }

    @Property
    void equalStatesEncodeToEqualBytes(@ForAll("counters") PNCounter a, @ForAll("counters") PNCounter b) {
        assertThat(CounterCodec.encode(a.merge(b))).isEqualTo(CounterCodec.encode(b.merge(a)));
    }

    @Test
    void decrementBelowZeroGoesNegative() {
        ReplicaId r = new ReplicaId("localhost:9000", 1);
        PNCounter c = PNCounter.empty().decrement(r, 1);
        assertThat(c.value()).isEqualTo(-1);
        assertThat(c.version()).isEqualTo(1);
        assertThat(c.decrement(r, PNCounter.MAX_AMOUNT).value()).isEqualTo(-1 - PNCounter.MAX_AMOUNT);
        PNCounter lowest = PNCounter.of(Map.of(r, new CounterEntry(0, Long.MAX_VALUE)));
        assertThat(lowest.value()).isEqualTo(-Long.MAX_VALUE);
    }

    @Test
    void overflowIsRefusedNotWrapped() {
        ReplicaId r = new ReplicaId("localhost:9000", 1);
        PNCounter full = PNCounter.of(Map.of(r, new CounterEntry(Long.MAX_VALUE, 0)));
        assertThat(full.value()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> full.increment(r, 1))
                .isInstanceOf(CounterOverflowException.class)
                .hasMessageContaining("64-bit maximum");
        assertThatThrownBy(() -> full.decrement(new ReplicaId("other:1", 1), 1))
                .isInstanceOf(CounterOverflowException.class);
        PNCounter other = PNCounter.empty().increment(new ReplicaId("other:1", 1), 1);
        assertThatThrownBy(() -> full.merge(other)).isInstanceOf(CounterOverflowException.class);
    }

    /** Promise 5: one operation is at most 2^53, exact as a JSON number; more is a broken contract. */
    @Test
    void oneOperationIsAtMostTwoToThe53() {
        ReplicaId r = new ReplicaId("localhost:9000", 1);
        assertThat(PNCounter.MAX_AMOUNT).isEqualTo(9_007_199_254_740_992L);
        assertThat((double) PNCounter.MAX_AMOUNT).isEqualTo(Math.pow(2, 53));
        assertThat(PNCounter.empty().increment(r, PNCounter.MAX_AMOUNT).value()).isEqualTo(PNCounter.MAX_AMOUNT);
        assertThatThrownBy(() -> PNCounter.empty().increment(r, PNCounter.MAX_AMOUNT + 1))
                .isInstanceOf(ContractViolation.class);
        assertThatThrownBy(() -> PNCounter.empty().decrement(r, PNCounter.MAX_AMOUNT + 1))
                .isInstanceOf(ContractViolation.class);
    }

    /**
     * Promise 5, the limit that remains: the 64-bit total holds 1,023 operations of the largest
     * amount and 2^53 - 1 units more, whatever mix of replicas, increments and decrements made
     * them; then every operation is refused, and each refusal leaves the counter as it was.
     */
    @Property(tries = 50)
    void theTotalHolds1023OperationsOfTheLargestAmount(@ForAll("replicas") ReplicaId r, @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        PNCounter c = PNCounter.empty();
        long value = 0;
        for (int i = 0; i < 1023; i++) {
            ReplicaId who = new ReplicaId(r.node(), 1 + random.nextInt(3));
            boolean up = random.nextBoolean();
            c = up ? c.increment(who, PNCounter.MAX_AMOUNT) : c.decrement(who, PNCounter.MAX_AMOUNT);
            value += up ? PNCounter.MAX_AMOUNT : -PNCounter.MAX_AMOUNT;
        }
        assertThat(c.version()).isEqualTo(1023 * PNCounter.MAX_AMOUNT);
        assertThat(c.value()).isEqualTo(value);
        PNCounter nearlyFull = c;
        assertThatThrownBy(() -> nearlyFull.increment(r, PNCounter.MAX_AMOUNT))
                .isInstanceOf(CounterOverflowException.class)
                .hasMessageContaining("at most " + (PNCounter.MAX_AMOUNT - 1) + " more can be counted");
        PNCounter full = nearlyFull.decrement(r, PNCounter.MAX_AMOUNT - 1);
        assertThat(full.version()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> full.increment(r, 1)).isInstanceOf(CounterOverflowException.class);
        assertThatThrownBy(() -> full.decrement(r, 1)).isInstanceOf(CounterOverflowException.class);
    }

    /**
     * Promise 5: an operation either applies exactly or is refused; a refusal never blocks an
     * operation that still fits.
     */
    @Property
    void aRefusedOperationNeverBlocksOneThatFits(
            @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 3 * PNCounter.MAX_AMOUNT) long room,
            @ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = PNCounter.MAX_AMOUNT) long amount,
            @ForAll boolean increment) {
        ReplicaId peer = new ReplicaId("localhost:9001", 1);
        ReplicaId self = new ReplicaId("localhost:9000", 1);
        PNCounter c = PNCounter.of(Map.of(peer, new CounterEntry(Long.MAX_VALUE - room, 0)));
        Op op = new Op(self, increment, amount);
        if (amount <= room) {
            PNCounter after = op.applyTo(c);
            assertThat(after.version()).isEqualTo(c.version() + amount);
            assertThat(after.value()).isEqualTo(c.value() + (increment ? amount : -amount));
        } else {
            assertThatThrownBy(() -> op.applyTo(c)).isInstanceOf(CounterOverflowException.class);
        }
        if (room >= 1) {
            assertThat(c.increment(self, 1).version()).isEqualTo(c.version() + 1);
            assertThat(c.decrement(self, 1).version()).isEqualTo(c.version() + 1);
        }
    }

    @Test
    void differentIncarnationsOfOneNodeAreDifferentEntries() {
        // A node that restarted without its state gets a new incarnation: its new increments are
        // not hidden behind the higher entry its previous life left with the peers.
        ReplicaId before = new ReplicaId("localhost:9002", 100);
        ReplicaId after = new ReplicaId("localhost:9002", 101);
        PNCounter peersView = PNCounter.empty().increment(before, 50);
        PNCounter restarted = PNCounter.empty().increment(after, 3);
        assertThat(peersView.merge(restarted).value()).isEqualTo(53);
        // With a reused id the three new increments would vanish:
        PNCounter reused = PNCounter.empty().increment(before, 3);
        assertThat(peersView.merge(reused).value()).isEqualTo(50);
    }
}

package dev.distcounter.node.crdt;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random counter states for properties: any entries, none of them empty. */
final class CounterStates {
    private CounterStates() {}

    /** States of up to {@code maxEntries} entries of {@code replicas}, each P and N up to {@code maxTotal}. */
    static Arbitrary<PNCounter> of(Arbitrary<ReplicaId> replicas, long maxTotal, int maxEntries) {
        Arbitrary<CounterEntry> entries = Combinators.combine(
                        Arbitraries.longs().between(0, maxTotal),
                        Arbitraries.longs().between(0, maxTotal))
                .as(CounterEntry::new)
                .filter(e -> !e.equals(CounterEntry.ZERO)); // an empty entry is no entry: merges leave it out
        return Arbitraries.maps(replicas, entries).ofMaxSize(maxEntries).map(PNCounter::of);
    }
}

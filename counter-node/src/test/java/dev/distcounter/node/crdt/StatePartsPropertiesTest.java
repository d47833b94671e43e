package dev.distcounter.node.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A state split into frame-sized parts ({@link CounterCodec#encodeParts}): every part fits, each is
 * a valid state, and the parts merge back to the whole, in any order, any subset being a correct
 * partial merge.
 *
 * <p>Guarantees: docs/guarantees.md §9.
 */
class StatePartsPropertiesTest {
    static final int SMALLEST_LIMIT = 4 + CounterCodec.MAX_ENTRY_BYTES;

    @Provide
    Arbitrary<PNCounter> states() {
        Arbitrary<ReplicaId> replicas = Combinators.combine(
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .ofMinLength(1)
                                .ofMaxLength(255),
                        Arbitraries.longs().between(0, 5))
                .as(ReplicaId::new);
        return CounterStates.of(replicas, 1_000_000, 60);
    }

    static List<PNCounter> decoded(List<byte[]> parts) throws CounterFormatException {
        List<PNCounter> states = new ArrayList<>();
        for (byte[] part : parts) {
            states.add(CounterCodec.decode(part));
        }
        return states;
    }

    @Property
    void everyPartFitsAndThePartsMergeBackToTheWhole(
            @ForAll("states") PNCounter state, @ForAll @IntRange(min = SMALLEST_LIMIT, max = 4096) int limit)
            throws Exception {
        List<byte[]> parts = CounterCodec.encodeParts(state, limit);
        assertThat(parts).allSatisfy(part -> assertThat(part.length).isLessThanOrEqualTo(limit));
        PNCounter merged = PNCounter.empty();
        Set<ReplicaId> seen = new HashSet<>();
        for (PNCounter part : decoded(parts)) {
            part.entries().forEach((replica, entry) -> {
                assertThat(seen.add(replica)).as("%s in one part only", replica).isTrue();
                assertThat(entry).as("%s whole", replica).isEqualTo(state.entry(replica));
            });
            merged = merged.merge(part);
        }
        assertThat(merged).isEqualTo(state);
    }

    @Property
    void anyPartsInAnyOrderAreAPartialMergeAndAllOfThemTheWholeMerge(
            @ForAll("states") PNCounter local,
            @ForAll("states") PNCounter remote,
            @ForAll @IntRange(min = SMALLEST_LIMIT, max = 2048) int limit,
            @ForAll long seed)
            throws Exception {
        List<PNCounter> parts = decoded(CounterCodec.encodeParts(remote, limit));
        java.util.Collections.shuffle(parts, new java.util.Random(seed));
        PNCounter whole = local.merge(remote);
        PNCounter step = local;
        for (PNCounter part : parts) {
            step = step.merge(part);
            assertThat(whole.dominates(step))
                    .as("a partial merge is below the whole merge")
                    .isTrue();
            assertThat(step.dominates(local)).isTrue();
        }
        assertThat(step).isEqualTo(whole);
    }

    @Property
    void aStateThatFitsIsOnePartAsEncodeWritesIt(@ForAll("states") PNCounter state) {
        assertThat(CounterCodec.encodeParts(state, Integer.MAX_VALUE))
                .singleElement()
                .satisfies(part -> assertThat(part).isEqualTo(CounterCodec.encode(state)));
    }

    @Test
    void anEmptyStateIsOneEmptyPart() {
        assertThat(CounterCodec.encodeParts(PNCounter.empty(), SMALLEST_LIMIT))
                .singleElement()
                .satisfies(part -> assertThat(part).hasSize(4));
    }

    /** The frame limit and the largest cap of the attack: 48,000 replicas make two frames. */
    @Test
    void fortyEightThousandReplicasTakeTwoFramesOfAtMostOneMebibyte() throws Exception {
        Map<ReplicaId, CounterEntry> many = new HashMap<>();
        for (int i = 0; i < 48_000; i++) {
            many.put(new ReplicaId("fake-" + i + ":1", i), new CounterEntry(1, 0));
        }
        PNCounter state = PNCounter.of(many);
        assertThat(CounterCodec.encode(state).length).isGreaterThan(1 << 20);
        List<byte[]> parts = CounterCodec.encodeParts(state, 1 << 20);
        assertThat(parts).hasSize(2).allSatisfy(part -> assertThat(part.length).isLessThanOrEqualTo(1 << 20));
        assertThat(decoded(parts).get(0).merge(decoded(parts).get(1))).isEqualTo(state);
    }
}

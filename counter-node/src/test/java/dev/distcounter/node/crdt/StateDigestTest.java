package dev.distcounter.node.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The digest of a counter's full state: what the consistency checks compare (docs/guarantees.md §4). */
class StateDigestTest {
    private static final ReplicaId A = new ReplicaId("localhost:9000", 1);
    private static final ReplicaId B = new ReplicaId("localhost:9001", 7);
    private static final ReplicaId C = new ReplicaId("localhost:9002", 3);

    @Provide
    Arbitrary<PNCounterPropertiesTest.Op> ops() {
        return new PNCounterPropertiesTest().ops();
    }

    @Provide
    Arbitrary<List<PNCounterPropertiesTest.Op>> opLists() {
        return ops().list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<Map<ReplicaId, CounterEntry>> entryMaps() {
        Arbitrary<ReplicaId> replicas = Combinators.combine(
                        Arbitraries.strings()
                                .withChars("abcdé:0123456789")
                                .ofMinLength(1)
                                .ofMaxLength(12),
                        Arbitraries.longs().between(-3, 3))
                .as(ReplicaId::new);
        Arbitrary<CounterEntry> entries = Combinators.combine(
                        Arbitraries.longs().between(0, 1_000_000),
                        Arbitraries.longs().between(0, 1_000_000))
                .as(CounterEntry::new);
        return Arbitraries.maps(replicas, entries).ofMaxSize(8);
    }

    private static PNCounter apply(List<PNCounterPropertiesTest.Op> ops) {
        PNCounter c = PNCounter.empty();
        for (PNCounterPropertiesTest.Op op : ops) {
            c = op.applyTo(c);
        }
        return c;
    }

    @Property
    void theSameOperationsInAnyOrderGiveTheSameDigest(
            @ForAll("opLists") List<PNCounterPropertiesTest.Op> ops, @ForAll long seed) {
        List<PNCounterPropertiesTest.Op> shuffled = new ArrayList<>(ops);
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(apply(shuffled).digest()).isEqualTo(apply(ops).digest());
    }

    @Property
    void theSameEntriesInAnyInsertionOrderGiveTheSameDigest(@ForAll("entryMaps") Map<ReplicaId, CounterEntry> m) {
        List<Map.Entry<ReplicaId, CounterEntry>> reversed = new ArrayList<>(m.entrySet());
        Collections.reverse(reversed);
        Map<ReplicaId, CounterEntry> other = new LinkedHashMap<>();
        reversed.forEach(e -> other.put(e.getKey(), e.getValue()));

        assertThat(PNCounter.of(other).digest()).isEqualTo(PNCounter.of(m).digest());
    }

    @Property
    void mergedStatesThatAreEqualHaveEqualDigests(
            @ForAll("opLists") List<PNCounterPropertiesTest.Op> a,
            @ForAll("opLists") List<PNCounterPropertiesTest.Op> b) {
        PNCounter x = apply(a);
        PNCounter y = apply(b);

        assertThat(x.merge(y).digest()).isEqualTo(y.merge(x).digest());
    }

    /** Raising P or N of any entry, or adding an entry, changes the digest: nothing is left out. */
    @Property
    void anyChangeOfAnEntryChangesTheDigest(
            @ForAll("opLists") List<PNCounterPropertiesTest.Op> ops, @ForAll("ops") PNCounterPropertiesTest.Op op) {
        PNCounter before = apply(ops);

        assertThat(op.applyTo(before).digest()).isNotEqualTo(before.digest());
    }

    /** The same entry values under another incarnation or another node are another state. */
    @Property
    void theReplicaIdIsPartOfTheDigest(@ForAll("entryMaps") Map<ReplicaId, CounterEntry> m) {
        CounterEntry entry = new CounterEntry(4, 1);
        Map<ReplicaId, CounterEntry> withA = new HashMap<>(m);
        withA.put(new ReplicaId("zz:1", 1), entry);
        Map<ReplicaId, CounterEntry> withOtherIncarnation = new HashMap<>(m);
        withOtherIncarnation.put(new ReplicaId("zz:1", 2), entry);
        Map<ReplicaId, CounterEntry> withOtherNode = new HashMap<>(m);
        withOtherNode.put(new ReplicaId("zz:2", 1), entry);

        String digest = PNCounter.of(withA).digest();
        assertThat(PNCounter.of(withOtherIncarnation).digest()).isNotEqualTo(digest);
        assertThat(PNCounter.of(withOtherNode).digest()).isNotEqualTo(digest);
    }

    /**
     * The false agreement of issue 10: both sides of a partition counted one increment on a replica
     * of their own. Value and version are equal, the states are not, and only the digest says so;
     * the merge that healing brings gives both sides one state and one digest.
     */
    @Test
    void equalValueAndVersionWithDifferentEntriesHaveDifferentDigests() {
        PNCounter before = PNCounter.empty().increment(A, 10).decrement(B, 12);
        PNCounter left = before.increment(A, 1);
        PNCounter right = before.increment(C, 1);

        assertThat(left.value()).isEqualTo(right.value()).isEqualTo(-1);
        assertThat(left.version()).isEqualTo(right.version()).isEqualTo(23);
        assertThat(left.digest()).isNotEqualTo(right.digest());

        PNCounter healedLeft = left.merge(right);
        PNCounter healedRight = right.merge(left);
        assertThat(healedLeft.digest())
                .isEqualTo(healedRight.digest())
                .isNotEqualTo(left.digest())
                .isNotEqualTo(right.digest());
        assertThat(healedLeft.value()).isZero();
    }

    /** Moving a unit between P and N of two replicas keeps value and version: still another state. */
    @Test
    void sumsThatHideADifferentSplitDoNotHideIt() {
        PNCounter one = PNCounter.of(Map.of(A, new CounterEntry(3, 1), B, new CounterEntry(2, 2)));
        PNCounter other = PNCounter.of(Map.of(A, new CounterEntry(2, 2), B, new CounterEntry(3, 1)));

        assertThat(one.value()).isEqualTo(other.value());
        assertThat(one.version()).isEqualTo(other.version());
        assertThat(one.digest()).isNotEqualTo(other.digest());
    }

    /** An entry that holds nothing is what a merge treats as absent: it must not keep two nodes apart. */
    @Property
    void anEmptyEntryDoesNotChangeTheDigest(@ForAll("entryMaps") Map<ReplicaId, CounterEntry> m) {
        Map<ReplicaId, CounterEntry> withZero = new HashMap<>(m);
        withZero.putIfAbsent(new ReplicaId("zz:1", 1), CounterEntry.ZERO);

        assertThat(PNCounter.of(withZero).digest()).isEqualTo(PNCounter.of(m).digest());
    }

    /**
     * The encoding is fixed: these digests were computed outside Java from the class comment's
     * layout (SHA-256, first 8 bytes in hex). A change here changes every node's digests.
     */
    @Test
    void theEncodingIsTheDocumentedOne() {
        assertThat(PNCounter.empty().digest()).isEqualTo("df3f619804a92fdb");
        assertThat(PNCounter.of(Map.of(B, new CounterEntry(0, 3), A, new CounterEntry(5, 2)))
                        .digest())
                .isEqualTo("05fa616e9c5b5bf5")
                .hasSize(StateDigest.HEX_LENGTH)
                .matches("[0-9a-f]+");
    }
}

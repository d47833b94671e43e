package dev.distcounter.node.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
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

/**
 * The hash trees: kept incrementally they equal trees built from scratch from the same entries
 * (also after the ring changes), equal contents give equal roots and different contents
 * different ones, and the leaves that differ are exactly those whose entries differ.
 */
class RangeTreePropertiesTest {
    /** A store change: key {@code k} gets version {@code counter} (a tombstone or a value), or is purged. */
    record Op(int key, int counter, boolean deleted, boolean purge) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 60),
                        Arbitraries.integers().between(1, 6),
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 9).map(n -> n == 0))
                .as(Op::new)
                .list()
                .ofMaxSize(300);
    }

    private static String key(int k) {
        return "key-" + k;
    }

    private static Versioned held(Op op) {
        Version v = new Version(op.counter(), "w" + (op.counter() % 2), op.counter());
        return op.deleted() ? Versioned.tombstone(v) : Versioned.value(v, "v");
    }

    /** What a store holds after {@code ops}: the greater version wins; a purge forgets the key. */
    private static Map<String, Versioned> model(List<Op> ops) {
        Map<String, Versioned> held = new HashMap<>();
        for (Op op : ops) {
            if (op.purge()) {
                held.remove(key(op.key()));
            } else if (held(op).supersedes(held.get(key(op.key())))) {
                held.put(key(op.key()), held(op));
            }
        }
        return held;
    }

    private static KeyspaceTrees trees(int members, int vnodes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            names.add("n" + i);
        }
        return KeyspaceTrees.of(HashRing.of(names, vnodes).ranges(3));
    }

    private static KeyspaceTrees built(KeyspaceTrees empty, Map<String, Versioned> entries) {
        entries.forEach(empty::apply);
        return empty;
    }

    private static void assertSameTrees(KeyspaceTrees a, KeyspaceTrees b) {
        assertThat(a.trees()).hasSameSizeAs(b.trees());
        for (int i = 0; i < a.trees().size(); i++) {
            assertThat(a.trees().get(i).range()).isEqualTo(b.trees().get(i).range());
            assertThat(a.trees().get(i).leafHashes()).isEqualTo(b.trees().get(i).leafHashes());
            assertThat(a.trees().get(i).root()).isEqualTo(b.trees().get(i).root());
        }
    }

    @Property(tries = 200)
    void incrementalEqualsRebuiltFromScratch(
            @ForAll("ops") List<Op> ops,
            @ForAll @IntRange(min = 1, max = 4) int members,
            @ForAll @IntRange(min = 1, max = 8) int vnodes) {
        KeyspaceTrees incremental = trees(members, vnodes);
        Map<String, Versioned> store = new HashMap<>();
        for (Op op : ops) {
            // As the store reports changes: only what it took, and a purge as "nothing held".
            if (op.purge()) {
                store.remove(key(op.key()));
                incremental.apply(key(op.key()), null);
            } else if (held(op).supersedes(store.get(key(op.key())))) {
                store.put(key(op.key()), held(op));
                incremental.apply(key(op.key()), held(op));
            }
        }
        assertThat(store).isEqualTo(model(ops));
        assertSameTrees(incremental, built(trees(members, vnodes), store));
        assertThat(incremental.size()).isEqualTo(store.size());
    }

    @Property(tries = 100)
    void changesSeenTwiceOrLateChangeNothing(@ForAll("ops") List<Op> ops) {
        Map<String, Versioned> store =
                model(ops.stream().filter(op -> !op.purge()).toList());
        KeyspaceTrees trees = built(trees(3, 4), store);
        // What a start-up scan may see again from the listener's queue: older versions, repeats.
        ops.stream().filter(op -> !op.purge()).forEach(op -> trees.apply(key(op.key()), held(op)));
        assertSameTrees(trees, built(trees(3, 4), store));
    }

    @Property(tries = 100)
    void aRingChangeResortsToWhatABuildFromScratchGives(
            @ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 1, max = 5) int members) {
        Map<String, Versioned> store = model(ops);
        KeyspaceTrees before = built(trees(members, 4), store);
        KeyspaceTrees after = before.rebuiltFor(
                trees(members + 1, 4).trees().stream().map(RangeTree::range).toList());
        assertSameTrees(after, built(trees(members + 1, 4), store));
    }

    @Property(tries = 200)
    void equalContentsIffEqualRootsAndDifferingLeavesAreExactlyThoseWithDifferentEntries(
            @ForAll("ops") List<Op> a, @ForAll("ops") List<Op> b) {
        Map<String, Versioned> left = model(a);
        Map<String, Versioned> right = model(b);
        KeyspaceTrees l = built(trees(3, 4), left);
        KeyspaceTrees r = built(trees(3, 4), right);
        for (int t = 0; t < l.trees().size(); t++) {
            RangeTree lt = l.trees().get(t);
            RangeTree rt = r.trees().get(t);
            Set<Integer> differing = new HashSet<>(lt.differingLeaves(rt.leafHashes()));
            boolean sameRange = true;
            for (int leaf = 0; leaf < RangeTree.LEAVES; leaf++) {
                boolean sameLeaf = new HashSet<>(lt.entries(leaf)).equals(new HashSet<>(rt.entries(leaf)));
                assertThat(differing.contains(leaf)).as("leaf %d differs", leaf).isEqualTo(!sameLeaf);
                sameRange &= sameLeaf;
            }
            assertThat(lt.root() == rt.root()).as("roots equal").isEqualTo(sameRange);
        }
    }
}

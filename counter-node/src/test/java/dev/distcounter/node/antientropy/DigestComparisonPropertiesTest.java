package dev.distcounter.node.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.kv.HashRing;
import dev.distcounter.node.kv.Version;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Comparing digests: a key is pushed exactly when this side holds it newer or alone, wanted
 * exactly when the peer does, and counted as a shared tombstone exactly when both hold the same
 * tombstone version; applying the pushes and wants makes both sides hold the newer of each key.
 */
class DigestComparisonPropertiesTest {
    /** Per key 0..19: 0 absent, else the version's counter; odd counters are tombstones. */
    @Property(tries = 300)
    void pushesWantsAndSharedTombstonesAreExactlyTheDifferences(
            @ForAll @Size(20) List<@IntRange(min = 0, max = 4) Integer> mine,
            @ForAll @Size(20) List<@IntRange(min = 0, max = 4) Integer> theirs) {
        List<RangeTree.Entry> entries = new ArrayList<>();
        List<LeafDigests.Digest> digests = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            String key = "k" + k;
            if (mine.get(k) > 0) {
                entries.add(new RangeTree.Entry(key, HashRing.hash(key), version(mine.get(k)), mine.get(k) % 2 == 1));
            }
            if (theirs.get(k) > 0) {
                digests.add(new LeafDigests.Digest(key, version(theirs.get(k)), theirs.get(k) % 2 == 1));
            }
        }
        DigestComparison c = DigestComparison.of(entries, digests);
        Set<String> push = new HashSet<>(c.push());
        Set<String> want = new HashSet<>(c.want());
        assertThat(push).hasSameSizeAs(c.push());
        assertThat(want).hasSameSizeAs(c.want());
        for (int k = 0; k < 20; k++) {
            String key = "k" + k;
            int m = mine.get(k);
            int t = theirs.get(k);
            assertThat(push.contains(key)).as("push %s (%d vs %d)", key, m, t).isEqualTo(m > t);
            assertThat(want.contains(key)).as("want %s (%d vs %d)", key, m, t).isEqualTo(t > m);
            assertThat(c.tombstones().containsKey(key)).isEqualTo(m == t && m % 2 == 1);
        }
        assertThat(c.tombstones())
                .allSatisfy((key, v) -> assertThat(v.counter() % 2).isEqualTo(1));
        assertThat(Map.copyOf(c.tombstones())).isEqualTo(c.tombstones());
    }

    @Test
    void aKeyNamedOutsideThePartsOffsetsIsNeverAskedFor() {
        KeyspaceTrees trees = KeyspaceTrees.of(HashRing.of(List.of("a", "b"), 4).ranges(2));
        RangeTree tree = trees.trees().get(0);
        String inside = null;
        String outside = null;
        for (int i = 0; inside == null || outside == null; i++) {
            String key = "k" + i;
            if (tree.range().contains(HashRing.hash(key))) {
                inside = inside == null ? key : inside;
            } else {
                outside = outside == null ? key : outside;
            }
        }
        int leaf = tree.leafOf(HashRing.hash(inside));
        LeafDigests.Part part = new LeafDigests.Part(
                tree.range().start(),
                tree.range().end(),
                leaf,
                tree.firstOffset(leaf),
                tree.lastOffset(leaf),
                List.of(
                        new LeafDigests.Digest(inside, version(1), false),
                        new LeafDigests.Digest(outside, version(1), false)));
        assertThat(DigestComparison.of(tree, part).want()).containsExactly(inside);
    }

    private static Version version(int counter) {
        return new Version(counter, "w", counter);
    }
}

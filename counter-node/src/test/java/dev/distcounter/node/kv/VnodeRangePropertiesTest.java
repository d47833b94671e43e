package dev.distcounter.node.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The ring's vnode ranges: they cover every position exactly once, and every key in a range has
 * the range's replicas as its preference list.
 */
class VnodeRangePropertiesTest {
    @Property(tries = 200)
    void everyKeyFallsInExactlyOneRangeWhoseReplicasAreItsWalk(
            @ForAll @IntRange(min = 1, max = 6) int members,
            @ForAll @IntRange(min = 1, max = 8) int vnodes,
            @ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            names.add("m" + i);
        }
        HashRing ring = HashRing.of(names, vnodes);
        List<VnodeRange> ranges = ring.ranges(n);
        assertThat(ranges).isNotEmpty();
        for (int k = 0; k < 50; k++) {
            String key = "key-" + seed + "-" + k;
            List<VnodeRange> holding =
                    ranges.stream().filter(r -> r.contains(HashRing.hash(key))).toList();
            assertThat(holding).as("ranges holding %s", key).hasSize(1);
            assertThat(holding.get(0).replicas()).isEqualTo(ring.walk(key, n));
        }
    }

    @Property
    void aRangeHoldsItsEndButNotItsStart(@ForAll long start, @ForAll long end) {
        VnodeRange range = new VnodeRange(start, end, List.of("a"));
        assertThat(range.contains(end)).isTrue();
        assertThat(range.contains(start)).isEqualTo(start == end);
    }
}

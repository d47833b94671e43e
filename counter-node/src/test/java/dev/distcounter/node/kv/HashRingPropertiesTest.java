package dev.distcounter.node.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * What {@link HashRing} promises for any members and keys: a walk is the owner followed by
 * distinct members; the ring depends on the set of members only; the shares cover the hash space;
 * and a join moves keys only to the new member, about 1/(n+1) of them, leaving every other
 * preference list as it was. Balance for the names a cluster uses is in {@link HashRingTest}.
 */
class HashRingPropertiesTest {
    static final int VNODES = 16;

    @Provide
    Arbitrary<String> names() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(1, 65535))
                .as((a, b, port) -> "10." + a + "." + b + ".1:" + port);
    }

    /**
     * Keys, ASCII or not. Not generated text: when a property also takes the set of names and
     * fails, jqwik 1.9.3's shrinking moves elements from one to the other and throws a
     * ClassCastException instead of reporting the case. Any key hashes to a uniform position, so
     * a number in it varies them enough; the pinned hashes of HashRingTest cover UTF-8.
     */
    @Provide
    Arbitrary<String> keys() {
        return Combinators.combine(Arbitraries.of("key-", "clé-", "キー-", ""), Arbitraries.longs())
                .as((prefix, n) -> prefix + n);
    }

    @Provide
    Arbitrary<Set<String>> members() {
        return names().set().ofMinSize(1).ofMaxSize(10);
    }

    @Property
    void aWalkIsTheOwnerThenDistinctMembers(
            @ForAll("members") Set<String> members,
            @ForAll("keys") String key,
            @ForAll @IntRange(min = 1, max = 12) int n) {
        HashRing ring = HashRing.of(members, VNODES);
        List<String> walk = ring.walk(key, n);
        assertThat(walk).hasSize(Math.min(n, members.size())).doesNotHaveDuplicates();
        assertThat(members).containsAll(walk);
        assertThat(walk.get(0)).isEqualTo(ring.owner(key));
        // A longer walk only goes further round the ring: a shorter one is its prefix.
        assertThat(ring.walk(key, n + 1)).startsWith(walk.toArray(String[]::new));
    }

    /**
     * The rules of the class comment, computed the slow way: every point sorted by its clockwise
     * distance from the key (unsigned), equal tokens by member name, then the distinct members.
     */
    @Property
    void placementFollowsTheDocumentedRules(
            @ForAll("members") Set<String> members,
            @ForAll("keys") String key,
            @ForAll @IntRange(min = 1, max = 8) int vnodes) {
        long position = HashRing.hash(key);
        List<Map.Entry<Long, String>> points = new ArrayList<>();
        for (String member : members) {
            for (int i = 0; i < vnodes; i++) {
                points.add(Map.entry(HashRing.hash(member + "#" + i) - position, member)); // mod 2^64
            }
        }
        points.sort(Comparator.<Map.Entry<Long, String>, Long>comparing(Map.Entry::getKey, Long::compareUnsigned)
                .thenComparing(Map.Entry::getValue));
        List<String> expected =
                points.stream().map(Map.Entry::getValue).distinct().toList();

        HashRing ring = HashRing.of(members, vnodes);
        assertThat(ring.owner(key)).isEqualTo(expected.get(0));
        assertThat(ring.walk(key, members.size())).isEqualTo(expected);
    }

    @Property
    void theRingDependsOnTheSetOfMembersNotTheirOrder(
            @ForAll("members") Set<String> members, @ForAll long seed, @ForAll("keys") String key) {
        List<String> given = new ArrayList<>(members);
        List<String> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, new Random(seed));
        shuffled.add(shuffled.get(0)); // a duplicate counts once
        HashRing one = HashRing.of(given, VNODES);
        HashRing other = HashRing.of(shuffled, VNODES);
        assertThat(other).isEqualTo(one);
        assertThat(other.members()).containsExactlyElementsOf(one.members());
        assertThat(other.shares()).isEqualTo(one.shares());
        assertThat(other.walk(key, 3)).isEqualTo(one.walk(key, 3));
    }

    @Property
    void sharesCoverTheHashSpace(
            @ForAll("members") Set<String> members, @ForAll @IntRange(min = 1, max = 64) int vnodes) {
        HashRing ring = HashRing.of(members, vnodes);
        assertThat(ring.shares().keySet()).containsExactlyElementsOf(ring.members());
        assertThat(ring.shares().values()).allSatisfy(share -> assertThat(share).isBetween(0.0, 1.0));
        double sum =
                ring.shares().values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(sum).isCloseTo(1.0, within(1e-9));
    }

    /**
     * A join moves exactly the keys the new member now owns, and a preference list changes only by
     * taking the new member in (dropping its last member when it was full).
     *
     * <p>The fraction moved is the new member's share, about 1/(n+1) but spread by its 16 points:
     * over 200,000 random rings of n+1 = 3, 6 and 10 members its share was at most 2.06, 2.17 and
     * 2.45 times 1/(n+1), and above 2 times in about one ring in 6,000 of 6 or 10 members
     * (measured with {@link HashRing#shares}). A bound of 2/(n+1) would therefore fail now and then
     * (about one run of these 300 tries in forty); 3/(n+1) leaves room for that spread and for
     * sampling 2,000 keys.
     * The example with the cluster's own names ({@link HashRingTest}) asserts 2/(n+1).
     */
    @Property(tries = 300)
    void aJoinMovesKeysOnlyToTheNewMemberAndLeavesOtherWalksAlone(
            @ForAll("members") Set<String> members, @ForAll("names") String joiner, @ForAll long seed) {
        Set<String> joined = new HashSet<>(members);
        if (!joined.add(joiner)) {
            return; // already a member: not a join
        }
        HashRing before = HashRing.of(members, VNODES);
        HashRing after = HashRing.of(joined, VNODES);
        Random random = new Random(seed);
        int keys = 2_000;
        int moved = 0;
        List<String> wrong = new ArrayList<>(); // plain checks per key, one assertion at the end: fast
        for (int i = 0; i < keys; i++) {
            String key = "key-" + Long.toHexString(random.nextLong());
            String owner = after.owner(key);
            if (!owner.equals(before.owner(key))) {
                moved++;
                if (!owner.equals(joiner)) {
                    wrong.add(key + " moved to " + owner);
                }
            }
            List<String> oldWalk = before.walk(key, 3);
            List<String> newWalk = after.walk(key, 3);
            List<String> others = new ArrayList<>(newWalk);
            boolean involved = others.remove(joiner);
            boolean kept = involved ? oldWalk.subList(0, others.size()).equals(others) : oldWalk.equals(newWalk);
            if (!kept) {
                wrong.add(key + " walked " + oldWalk + " then " + newWalk);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat((double) moved / keys).isLessThan(3.0 / joined.size());
    }
}

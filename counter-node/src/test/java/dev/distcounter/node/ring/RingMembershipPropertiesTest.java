package dev.distcounter.node.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What the ring membership's merge promises for any memberships below the bound: commutative,
 * associative, idempotent (nodes that exchange what they know in any order, any number of times,
 * agree); per node the higher incarnation wins, and at equal incarnations LEFT or REMOVED wins
 * over JOINED; the ring is exactly the JOINED entries; and the wire section round-trips.
 */
class RingMembershipPropertiesTest {
    @Provide
    Arbitrary<RingMembership> memberships() {
        // few names and incarnations, so that memberships often disagree about the same node
        Arbitrary<String> names = Arbitraries.integers().between(0, 7).map(i -> "node-" + i + ":9000");
        Arbitrary<RingEntry> entries = Combinators.combine(
                        Arbitraries.longs().between(0, 3), Arbitraries.of(RingStatus.class))
                .as(RingEntry::new);
        return Arbitraries.maps(names, entries).ofMaxSize(8).map(RingMembership::of);
    }

    @Property
    void mergeIsCommutative(@ForAll("memberships") RingMembership a, @ForAll("memberships") RingMembership b) {
        assertThat(a.merge(b)).isEqualTo(b.merge(a));
    }

    @Property
    void mergeIsAssociative(
            @ForAll("memberships") RingMembership a,
            @ForAll("memberships") RingMembership b,
            @ForAll("memberships") RingMembership c) {
        assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
    }

    @Property
    void mergeIsIdempotent(@ForAll("memberships") RingMembership a, @ForAll("memberships") RingMembership b) {
        assertThat(a.merge(a)).isEqualTo(a);
        assertThat(a.merge(b).merge(b)).isEqualTo(a.merge(b));
    }

    @Property
    void theHigherIncarnationWinsThenLeftOrRemovedOverJoined(
            @ForAll("memberships") RingMembership a, @ForAll("memberships") RingMembership b) {
        RingMembership merged = a.merge(b);
        for (Map.Entry<String, RingEntry> e : merged.entries().entrySet()) {
            RingEntry x = a.entries().get(e.getKey());
            RingEntry y = b.entries().get(e.getKey());
            RingEntry won = e.getValue();
            for (RingEntry seen : new RingEntry[] {x, y}) {
                if (seen == null) {
                    continue;
                }
                assertThat(won.incarnation()).isGreaterThanOrEqualTo(seen.incarnation());
                if (won.incarnation() == seen.incarnation() && seen.status() != RingStatus.JOINED) {
                    assertThat(won.status()).isNotEqualTo(RingStatus.JOINED);
                }
            }
            assertThat(won).isIn(x, y);
        }
        assertThat(merged.entries().keySet()).hasSize(mergedKeys(a, b));
    }

    private static int mergedKeys(RingMembership a, RingMembership b) {
        java.util.Set<String> keys = new java.util.HashSet<>(a.entries().keySet());
        keys.addAll(b.entries().keySet());
        return keys.size();
    }

    @Property
    void theRingIsTheJoinedEntries(@ForAll("memberships") RingMembership a) {
        for (Map.Entry<String, RingEntry> e : a.entries().entrySet()) {
            assertThat(a.joined().contains(e.getKey())).isEqualTo(e.getValue().status() == RingStatus.JOINED);
        }
        assertThat(a.entries().keySet()).containsAll(a.joined());
    }

    @Property
    void theWireSectionRoundTrips(@ForAll("memberships") RingMembership a) {
        ByteBuffer buf = ByteBuffer.allocate(RingCodec.size(a));
        RingCodec.write(a, buf);
        assertThat(buf.hasRemaining()).isFalse();
        buf.flip();
        assertThat(RingCodec.read(buf)).isEqualTo(a);
    }
}

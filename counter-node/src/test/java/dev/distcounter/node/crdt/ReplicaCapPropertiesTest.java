package dev.distcounter.node.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The cap on replica entries ({@link ReplicaCap}): known replicas always merge, nothing held is
 * dropped, new entries stop at the cap (strangers at three quarters of it), and what is taken
 * is merged whole, so a capped merge is a correct merge of part of the state.
 *
 * <p>Guarantees: docs/guarantees.md §8.
 */
class ReplicaCapPropertiesTest {
    /** Nodes m0..m4 are members, s0..s4 strangers. */
    static final Predicate<ReplicaId> MEMBER = r -> r.node().startsWith("m");

    @Provide
    Arbitrary<PNCounter> states() {
        Arbitrary<ReplicaId> replicas = Combinators.combine(
                        Arbitraries.of("m0:1", "m1:1", "m2:1", "m3:1", "m4:1", "s0:1", "s1:1", "s2:1", "s3:1", "s4:1"),
                        Arbitraries.longs().between(1, 4))
                .as(ReplicaId::new);
        return CounterStates.of(replicas, 50, 30);
    }

    @Property
    void knownReplicasAlwaysMergeAndNothingHeldIsDropped(
            @ForAll("states") PNCounter local,
            @ForAll("states") PNCounter remote,
            @ForAll @IntRange(min = 1, max = 40) int max) {
        PNCounter merged =
                local.merge(new ReplicaCap(max).admit(local, remote, MEMBER).entries());
        local.entries()
                .forEach((replica, entry) -> assertThat(merged.entry(replica))
                        .as("%s", replica)
                        .isEqualTo(entry.max(remote.entry(replica))));
    }

    @Property
    void newEntriesStopAtTheCapAndStrangersAtThreeQuartersOfIt(
            @ForAll("states") PNCounter local,
            @ForAll("states") PNCounter remote,
            @ForAll @IntRange(min = 1, max = 40) int max) {
        ReplicaCap cap = new ReplicaCap(max);
        ReplicaCap.Admitted admitted = cap.admit(local, remote, MEMBER);
        PNCounter merged = local.merge(admitted.entries());
        int held = local.entries().size();
        long fresh = remote.entries().keySet().stream()
                .filter(r -> !local.entries().containsKey(r))
                .count();
        long taken = merged.entries().size() - held;
        long strangersTaken = merged.entries().keySet().stream()
                .filter(r -> !local.entries().containsKey(r) && !MEMBER.test(r))
                .count();
        assertThat(merged.entries().size()).isLessThanOrEqualTo(Math.max(held, max));
        long strangersHeld =
                local.entries().keySet().stream().filter(MEMBER.negate()).count();
        assertThat(strangersTaken).isLessThanOrEqualTo(Math.max(0, cap.strangerLimit() - strangersHeld));
        assertThat(admitted.refused()).isEqualTo(fresh - taken);
        if (held + fresh <= cap.strangerLimit()) {
            assertThat(admitted.refused()).isZero();
            assertThat(merged).isEqualTo(local.merge(remote));
        }
    }

    @Property
    void membersComeFirst(
            @ForAll("states") PNCounter local,
            @ForAll("states") PNCounter remote,
            @ForAll @IntRange(min = 1, max = 40) int max) {
        PNCounter merged =
                local.merge(new ReplicaCap(max).admit(local, remote, MEMBER).entries());
        boolean aStrangerWasTaken = merged.entries().keySet().stream()
                .anyMatch(r -> !local.entries().containsKey(r) && !MEMBER.test(r));
        if (aStrangerWasTaken) {
            assertThat(merged.entries().keySet())
                    .as("every new member entry was taken before a stranger's")
                    .containsAll(
                            remote.entries().keySet().stream().filter(MEMBER).toList());
        }
    }

    /** What is taken is part of the remote state, each entry whole: a correct merge of less. */
    @Property
    void aCappedMergeIsAMergeOfPartOfTheState(
            @ForAll("states") PNCounter local,
            @ForAll("states") PNCounter remote,
            @ForAll("states") PNCounter other,
            @ForAll @IntRange(min = 1, max = 40) int max) {
        PNCounter taken = new ReplicaCap(max).admit(local, remote, MEMBER).entries();
        taken.entries().forEach((replica, entry) -> assertThat(entry).isEqualTo(remote.entry(replica)));
        assertThat(remote.dominates(taken)).isTrue();
        PNCounter merged = local.merge(taken);
        assertThat(local.merge(remote).dominates(merged)).isTrue();
        assertThat(merged.merge(other)).isEqualTo(other.merge(merged));
        assertThat(merged.merge(remote)).as("the rest can still come later").isEqualTo(local.merge(remote));
    }

    @Test
    void newestIncarnationsOfMembersComeFirstAndTheLastQuarterIsKeptForMembers() {
        Map<ReplicaId, CounterEntry> held = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            held.put(new ReplicaId("s" + i + ":1", 1), new CounterEntry(1, 0));
        }
        PNCounter local = PNCounter.of(held); // 6 of 8; strangers may fill up to 6
        Map<ReplicaId, CounterEntry> offered = new HashMap<>();
        offered.put(new ReplicaId("s0:1", 1), new CounterEntry(5, 0)); // known: taken
        offered.put(new ReplicaId("s9:1", 1), new CounterEntry(1, 0)); // a new stranger: no room
        offered.put(new ReplicaId("m0:1", 10), new CounterEntry(1, 0)); // an old life of m0
        offered.put(new ReplicaId("m0:1", 20), new CounterEntry(1, 0)); // m0 now
        offered.put(new ReplicaId("m1:1", 30), new CounterEntry(1, 0)); // m1 now: newest of all
        ReplicaCap.Admitted admitted = new ReplicaCap(8).admit(local, PNCounter.of(offered), MEMBER);
        assertThat(admitted.entries().entries().keySet())
                .containsExactlyInAnyOrder(
                        new ReplicaId("s0:1", 1), new ReplicaId("m1:1", 30), new ReplicaId("m0:1", 20));
        assertThat(admitted.refused()).isEqualTo(2);
    }
}

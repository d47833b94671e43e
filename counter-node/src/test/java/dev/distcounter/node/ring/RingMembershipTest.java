package dev.distcounter.node.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RingMembershipTest {
    @Test
    void aLaterProcessRejoinsOverARemovalAndARemovalStandsOverTheSameProcessJoined() {
        RingMembership removed = RingMembership.EMPTY.with("a:1", new RingEntry(5, RingStatus.REMOVED));
        assertThat(removed.with("a:1", RingEntry.joined(5)).joined()).isEmpty();
        assertThat(removed.with("a:1", RingEntry.joined(4)).joined()).isEmpty();
        assertThat(removed.with("a:1", RingEntry.joined(6)).joined()).containsExactly("a:1");
    }

    @Test
    void pastTheBoundEntriesOffTheRingGoFirstThenTheLowestIncarnations() {
        Map<String, RingEntry> many = new HashMap<>();
        for (int i = 0; i < RingMembership.MAX_ENTRIES; i++) {
            many.put("joined-" + i + ":1", RingEntry.joined(100 + i));
        }
        many.put("left:1", new RingEntry(1_000_000, RingStatus.LEFT));
        RingMembership full = RingMembership.of(many);
        assertThat(full.size()).isEqualTo(RingMembership.MAX_ENTRIES);
        assertThat(full.entry("left:1")).isEmpty();

        RingMembership next = full.with("newcomer:1", RingEntry.joined(1_000));
        assertThat(next.size()).isEqualTo(RingMembership.MAX_ENTRIES);
        assertThat(next.entry("joined-0:1"))
                .as("the lowest incarnation is dropped")
                .isEmpty();
        assertThat(next.entry("newcomer:1")).isPresent();
    }
}

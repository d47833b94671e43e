package dev.distcounter.node.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RingStateTest {
    @Test
    void aNodeStartsJoinedAndLeavesAtItsOwnIncarnation() {
        RingState ring = RingState.alone("a:1", 7);
        assertThat(ring.current().entry("a:1")).contains(RingEntry.joined(7));
        assertThat(ring.leave()).isTrue();
        assertThat(ring.current().entry("a:1")).contains(new RingEntry(7, RingStatus.LEFT));
        assertThat(ring.selfOnRing()).isFalse();
        assertThat(ring.leave()).isFalse();
    }

    @Test
    void removalNeedsAKnownMemberOtherThanItself() {
        RingState ring = RingState.alone("a:1", 7);
        assertThat(ring.remove("b:1")).isEqualTo(RingState.Removal.UNKNOWN);
        assertThat(ring.remove("a:1")).isEqualTo(RingState.Removal.SELF);
        ring.heardFrom("b:1", 3);
        assertThat(ring.remove("b:1")).isEqualTo(RingState.Removal.REMOVED);
        assertThat(ring.current().entry("b:1")).contains(new RingEntry(3, RingStatus.REMOVED));
        ring.heardFrom("b:1", 3); // the same process, still talking: it stays removed
        assertThat(ring.current().joined()).containsExactly("a:1");
        ring.heardFrom("b:1", 4); // a new process
        assertThat(ring.current().joined()).containsExactly("a:1", "b:1");
    }

    @Test
    void anEntryForAnEarlierProcessOfItselfAtAHigherIncarnationMakesItRejoinAboveIt() {
        RingState ring = RingState.alone("a:1", 7);
        ring.merge(RingMembership.EMPTY.with("a:1", new RingEntry(50, RingStatus.REMOVED)));
        assertThat(ring.current().entry("a:1")).contains(RingEntry.joined(51));
        ring.merge(RingMembership.EMPTY.with("a:1", new RingEntry(51, RingStatus.REMOVED)));
        assertThat(ring.selfOnRing())
                .as("a removal of this very process stands")
                .isFalse();
    }

    @Test
    void anEarlierProcessJoinedAtAHigherIncarnationIsTakenOverAndALeaveBeatsIt() {
        RingState ring = RingState.alone("a:1", 7);
        ring.merge(RingMembership.EMPTY.with("a:1", RingEntry.joined(50)));
        assertThat(ring.current().entry("a:1")).contains(RingEntry.joined(50));
        ring.leave();
        assertThat(ring.current().entry("a:1")).contains(new RingEntry(50, RingStatus.LEFT));
    }

    @Test
    void aRestartedNodeKeepsDeadMembersOnItsRing(@TempDir Path dir) {
        RingState before = RingState.open("a:1", 1, Optional.of(dir));
        before.heardFrom("b:1", 2);
        before.heardFrom("c:1", 3);
        before.remove("c:1");

        RingState after = RingState.open("a:1", 2, Optional.of(dir));
        assertThat(after.current().joined()).containsExactly("a:1", "b:1");
        assertThat(after.current().entry("c:1")).contains(new RingEntry(3, RingStatus.REMOVED));
        assertThat(dir.resolve("ring.tmp")).doesNotExist();
    }

    @Test
    void withoutADataDirectoryNothingIsKept() {
        assertThat(RingFile.NONE.path()).isEmpty();
        RingState ring = RingState.open("a:1", 1, Optional.empty());
        ring.heardFrom("b:1", 2);
        assertThat(RingState.open("a:1", 2, Optional.empty()).current().joined())
                .containsExactly("a:1");
    }

    @Test
    void aFileThatHoldsNoRingStopsTheStart(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(RingFile.NAME), "not a ring");
        assertThatThrownBy(() -> RingState.open("a:1", 1, Optional.of(dir))).hasMessageContaining("not a ring file");
        Files.write(dir.resolve(RingFile.NAME), new byte[] {'R', 'I', 'N', 'G', 1, 0});
        assertThatThrownBy(() -> RingState.open("a:1", 1, Optional.of(dir)))
                .hasMessageContaining("holds no valid ring");
    }
}

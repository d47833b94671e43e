package dev.distcounter.node.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who sends a key to its new replicas, and to whom: one sender where it can be helped. */
class HandoverPlanTest {
    private static final Set<String> NONE_LEFT = Set.of();

    @Test
    void onAJoinTheFirstOldReplicaThatIsUpSendsToTheNewcomerOnly() {
        List<String> before = List.of("a", "b", "c");
        List<String> after = List.of("a", "d", "b");
        Set<String> ring = Set.of("a", "b", "c", "d");
        assertThat(HandoverPlan.targets("a", before, after, ring, NONE_LEFT, n -> true))
                .containsExactly("d");
        assertThat(HandoverPlan.targets("b", before, after, ring, NONE_LEFT, n -> true))
                .isEmpty();
        assertThat(HandoverPlan.targets("c", before, after, ring, NONE_LEFT, n -> true))
                .isEmpty();
        assertThat(HandoverPlan.targets("b", before, after, ring, NONE_LEFT, n -> !n.equals("a")))
                .as("the primary is down: the next one sends")
                .containsExactly("d");
    }

    @Test
    void aLeaverSendsItselfAndTheOthersDoNot() {
        List<String> before = List.of("a", "b", "c");
        List<String> after = List.of("a", "c", "d");
        Set<String> ring = Set.of("a", "c", "d");
        Set<String> left = Set.of("b");
        assertThat(HandoverPlan.targets("b", before, after, ring, left, n -> true))
                .containsExactly("d");
        assertThat(HandoverPlan.targets("a", before, after, ring, left, n -> true))
                .isEmpty();
    }

    @Test
    void afterARemovalTheFirstSurvivorRebuilds() {
        List<String> before = List.of("b", "a", "c");
        List<String> after = List.of("a", "c", "d");
        Set<String> ring = Set.of("a", "c", "d");
        assertThat(HandoverPlan.targets("a", before, after, ring, NONE_LEFT, n -> true))
                .containsExactly("d");
        assertThat(HandoverPlan.targets("c", before, after, ring, NONE_LEFT, n -> true))
                .isEmpty();
    }

    @Test
    void aNodeThatWasNoReplicaSendsNothing() {
        assertThat(HandoverPlan.targets(
                        "z", List.of("a", "b"), List.of("a", "c"), Set.of("a", "c", "z"), NONE_LEFT, n -> true))
                .isEmpty();
        assertThat(HandoverPlan.targets(
                        "a", List.of("a", "b"), List.of("a", "b"), Set.of("a", "b"), NONE_LEFT, n -> true))
                .as("nothing moved")
                .isEmpty();
    }
}

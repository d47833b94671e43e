package dev.distcounter.tool.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
    private static final List<Integer> FIVE = List.of(1, 2, 3, 4, 5);
    private static final List<FaultKind> ALL = List.of(FaultKind.values());

    @Property
    void everyPlannedFaultFitsTheRunningNodesAndLastsOneToThreeCycles(@ForAll long seed) {
        FaultSchedule schedule = new FaultSchedule(ALL, new Random(seed));
        List<Integer> running = List.of(1, 2, 4, 5);
        for (int cycle = 0; cycle < 50; cycle++) {
            Optional<PlannedFault> planned = schedule.maybeStart(cycle, running);
            if (planned.isEmpty()) {
                continue;
            }
            PlannedFault fault = planned.get();
            assertThat(fault.endCycle()).isBetween(cycle + 1, cycle + 3);
            if (fault instanceof PlannedFault.Kill kill) {
                assertThat(running).contains(kill.node());
            } else if (fault instanceof PlannedFault.Partition cut) {
                assertThat(cut.left()).isNotEmpty().isSorted().doesNotContainAnyElementsOf(cut.right());
                assertThat(cut.right()).isNotEmpty().isSorted();
                assertThat(Stream.concat(cut.left().stream(), cut.right().stream()))
                        .containsExactlyInAnyOrderElementsOf(running);
            } else {
                assertThat(((PlannedFault.Chaos) fault).nodes()).isEqualTo(running);
            }
        }
    }

    @Property
    void theSameSeedPlansTheSameFaults(@ForAll long seed) {
        assertThat(plan(seed, ALL, FIVE)).isEqualTo(plan(seed, ALL, FIVE));
    }

    @Test
    void aboutOneIdleCycleInThreeStartsAFaultOfAKindFromTheList() {
        List<PlannedFault> planned = plan(42, List.of(FaultKind.PARTITION, FaultKind.CHAOS), FIVE);

        assertThat(planned).hasSizeBetween(250, 420); // of 1000 cycles
        assertThat(planned).noneMatch(f -> f instanceof PlannedFault.Kill);
        assertThat(planned).anyMatch(f -> f instanceof PlannedFault.Partition);
        assertThat(planned).anyMatch(f -> f instanceof PlannedFault.Chaos);
    }

    @Test
    void aSingleRunningNodeIsNeitherKilledNorCutOff() {
        assertThat(plan(7, List.of(FaultKind.KILL, FaultKind.PARTITION), List.of(3)))
                .isEmpty();
        assertThat(plan(7, List.of(FaultKind.CHAOS), List.of(3))).isNotEmpty();
    }

    @Test
    void withoutKindsThereIsNoSchedule() {
        assertThat(plan(7, List.of(), FIVE)).isEmpty();
    }

    private static List<PlannedFault> plan(long seed, List<FaultKind> kinds, List<Integer> running) {
        FaultSchedule schedule = new FaultSchedule(kinds, new Random(seed));
        List<PlannedFault> planned = new ArrayList<>();
        for (int cycle = 0; cycle < 1000; cycle++) {
            schedule.maybeStart(cycle, running).ifPresent(planned::add);
        }
        return planned;
    }
}

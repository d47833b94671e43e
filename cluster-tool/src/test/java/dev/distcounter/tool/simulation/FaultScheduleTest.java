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
            if (fault instanceof PlannedFault.Pause pause) {
                assertThat(running).contains(pause.node());
                assertThat(pause.millis()).isBetween(2000L, 5000L);
                assertThat(pause.endCycle()).isEqualTo(cycle + 1);
            } else if (fault instanceof PlannedFault.Kill kill) {
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
    void pausesLastTwoToFiveSecondsOnRandomNodes() {
        List<PlannedFault> planned = plan(42, List.of(FaultKind.PAUSE), FIVE);

        assertThat(planned).isNotEmpty().allMatch(f -> f instanceof PlannedFault.Pause);
        List<PlannedFault.Pause> pauses =
                planned.stream().map(PlannedFault.Pause.class::cast).toList();
        assertThat(pauses).extracting(PlannedFault.Pause::node).containsOnly(1, 2, 3, 4, 5);
        assertThat(pauses).extracting(PlannedFault.Pause::millis).allMatch(ms -> ms >= 2000 && ms <= 5000);
        assertThat(pauses.stream().map(PlannedFault.Pause::millis).distinct().count())
                .as("drawn, not fixed")
                .isGreaterThan(10);
    }

    @Test
    void theE2eSeedDrawsEveryKindWithinItsTwentyFiveSeconds() {
        // RunClusterScriptIT: simulation 25 2 4 --faults kill,partition,chaos,pause --seed 101
        FaultSchedule schedule = new FaultSchedule(
                List.of(FaultKind.KILL, FaultKind.PARTITION, FaultKind.CHAOS, FaultKind.PAUSE), scheduleRandom(101));
        List<PlannedFault> planned = new ArrayList<>();
        // 13 cycles of 2 s; a fault ends at the start of a cycle, the next may start at the one after.
        for (int cycle = 0; cycle < 13; cycle++) {
            Optional<PlannedFault> fault = schedule.maybeStart(cycle, FIVE);
            if (fault.isPresent()) {
                planned.add(fault.get());
                int end = fault.get() instanceof PlannedFault.Pause pause
                        ? cycle + (int) ((pause.millis() + 1999) / 2000)
                        : fault.get().endCycle();
                cycle = end;
            }
        }
        assertThat(planned)
                .extracting(PlannedFault::kind)
                .containsExactly(FaultKind.KILL, FaultKind.PAUSE, FaultKind.PARTITION, FaultKind.CHAOS);
    }

    @Test
    void aSingleRunningNodeIsNeitherKilledNorCutOff() {
        assertThat(plan(7, List.of(FaultKind.KILL, FaultKind.PARTITION, FaultKind.PAUSE), List.of(3)))
                .isEmpty();
        assertThat(plan(7, List.of(FaultKind.CHAOS), List.of(3))).isNotEmpty();
    }

    @Test
    void withoutKindsThereIsNoSchedule() {
        assertThat(plan(7, List.of(), FIVE)).isEmpty();
    }

    /** The schedule's generator as {@link Simulation} seeds it. */
    private static Random scheduleRandom(long seed) {
        return new Random(new Random(seed).nextLong());
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

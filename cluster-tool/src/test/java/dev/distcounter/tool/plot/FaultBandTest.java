package dev.distcounter.tool.plot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.checker.Fault;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FaultBandTest {
    @Test
    void eachFaultEndsWhereTheHistorySaysItEnded() {
        List<Fault> faults = List.of(
                new Fault("kill", "node 3 (localhost:9002, PID 41) SIGKILL", 1_000),
                new Fault("partition", "1,2 3,4,5", 2_000),
                new Fault("restart", "node 3 (localhost:9002, PID 77)", 4_000),
                new Fault("heal", "partition ended: cleared every injected fault on 5 node(s)", 5_000),
                new Fault("pause", "node 2 (localhost:9001, PID 40) SIGSTOP for 2.0s", 6_000),
                new Fault("resume", "node 2 (localhost:9001) SIGCONT", 8_000),
                new Fault("chaos", "drop 0.2 on nodes 1,2", 9_000));

        assertThat(FaultBand.of(faults, 12_000))
                .containsExactly(
                        new FaultBand("kill", "kill node 3", 1_000, 4_000),
                        new FaultBand("partition", "partition 1,2 | 3,4,5", 2_000, 5_000),
                        new FaultBand("pause", "pause node 2", 6_000, 8_000),
                        new FaultBand("chaos", "chaos drop 0.2 on nodes 1,2", 9_000, 12_000));
    }

    @Test
    void endsWithoutAStartAndUnknownKindsDrawNothing() {
        List<Fault> faults = List.of(
                new Fault("heal", "final heal: cleared every injected fault on 5 node(s)", 1_000),
                new Fault("restart", "node 1 (localhost:9000, PID 9)", 2_000),
                new Fault("meteor", "node 4", 3_000));

        assertThat(FaultBand.of(faults, 5_000)).isEmpty();
    }

    /** Whatever the order of starts and ends, a band never ends before it starts nor after the history, and is sorted. */
    @Property
    void bandsAreWithinTheRunAndSorted(
            @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 5) Integer> kinds,
            @ForAll @Size(max = 30) List<@IntRange(min = 1, max = 3) Integer> nodes) {
        String[] what = {"kill", "restart", "pause", "resume", "partition", "heal"};
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            int node = nodes.isEmpty() ? 1 : nodes.get(i % nodes.size());
            faults.add(new Fault(what[kinds.get(i)], "node " + node + " (x)", 100L * i));
        }
        long end = 100L * kinds.size();

        List<FaultBand> bands = FaultBand.of(faults, end);

        assertThat(bands).allSatisfy(band -> {
            assertThat(band.fromMillis()).isBetween(0L, end);
            assertThat(band.toMillis()).isBetween(band.fromMillis(), end);
        });
        assertThat(bands).isSortedAccordingTo((a, b) -> Long.compare(a.fromMillis(), b.fromMillis()));
    }
}

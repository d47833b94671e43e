package dev.distcounter.tool.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.tool.convergence.NodeReading;
import dev.distcounter.tool.convergence.Snapshot;
import dev.distcounter.tool.http.Change;
import dev.distcounter.tool.http.CounterState;
import dev.distcounter.tool.write.OperationTally;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static NodeReading read(int node, long value, long version) {
        return new NodeReading(
                node, new CounterState(value, version, "localhost:900" + node, "d" + value + "v" + version), 0, 0);
    }

    @Test
    void everyNodeTheSpreadAndTheTimeSinceAnythingChanged() {
        ProgressLine progress = new ProgressLine(List.of(1, 2, 3, 4), 1_000);
        OperationTally tally = new OperationTally(46);
        tally.add(Change.INCREMENT, WriteOutcome.APPLIED);
        tally.add(Change.DECREMENT, WriteOutcome.INDETERMINATE);

        Snapshot first = new Snapshot(List.of(read(1, 46, 9), new NodeReading(2, null, 0, 0), read(4, 47, 10)));
        assertThat(progress.next(3_050, first, tally, "none"))
                .isEqualTo(
                        "[   2.0s] ops 2 (acked 1, indeterminate 1) expected 47 | n1=46 n2=? n3=down n4=47 | spread 1"
                                + " | last change 0.0s ago | fault: none");

        // Same values; node 4's version moved (an increment and a decrement): that is a change too.
        Snapshot second = new Snapshot(List.of(read(1, 46, 9), new NodeReading(2, null, 0, 0), read(4, 47, 12)));
        assertThat(progress.next(15_170, second, tally, null))
                .isEqualTo(
                        "[  14.1s] ops 2 (acked 1, indeterminate 1) expected 47 | n1=46 n2=? n3=down n4=47 | spread 1"
                                + " | last change 0.0s ago");

        assertThat(progress.next(17_990, second, tally, "partition 1 | 2,4"))
                .endsWith("| spread 1 | last change 2.8s ago | fault: partition 1 | 2,4");
    }

    @Test
    void noNodeReadLeavesTheSpreadUnknown() {
        ProgressLine progress = new ProgressLine(List.of(1, 2), 0);

        assertThat(progress.next(500, new Snapshot(List.of()), new OperationTally(0), null))
                .isEqualTo("[   0.5s] ops 0 (acked 0, indeterminate 0) expected 0 | n1=down n2=down | spread ? | last"
                        + " change 0.5s ago");
    }
}

package dev.distcounter.tool.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.tool.http.Change;
import org.junit.jupiter.api.Test;

class OperationTallyTest {
    @Test
    void appliedWritesMoveTheExpectedValueExactly() {
        OperationTally tally = new OperationTally(10);
        tally.add(Change.INCREMENT, WriteOutcome.APPLIED);
        tally.add(Change.INCREMENT, WriteOutcome.APPLIED);
        tally.add(Change.DECREMENT, WriteOutcome.APPLIED);

        assertThat(tally.expected()).isEqualTo(11);
        assertThat(tally.exact()).isTrue();
        assertThat(tally.range()).isEqualTo("[11, 11]");
        assertThat(tally.allows(11)).isTrue();
        assertThat(tally.allows(12)).isFalse();
        assertThat(tally.acked()).isEqualTo(3);
        assertThat(tally.sent()).isEqualTo(3);
    }

    @Test
    void indeterminateIncrementsRaiseTheHighestAndDecrementsLowerTheLowest() {
        OperationTally tally = new OperationTally(0);
        tally.add(Change.INCREMENT, WriteOutcome.APPLIED);
        tally.add(Change.INCREMENT, WriteOutcome.INDETERMINATE);
        tally.add(Change.INCREMENT, WriteOutcome.INDETERMINATE);
        tally.add(Change.DECREMENT, WriteOutcome.INDETERMINATE);

        assertThat(tally.expected()).isEqualTo(1);
        assertThat(tally.lowest()).isEqualTo(0);
        assertThat(tally.highest()).isEqualTo(3);
        assertThat(tally.exact()).isFalse();
        assertThat(tally.indeterminate()).isEqualTo(3);
        assertThat(tally.allows(0)).isTrue();
        assertThat(tally.allows(3)).isTrue();
        assertThat(tally.allows(-1)).isFalse();
        assertThat(tally.allows(4)).isFalse();
    }

    @Test
    void writesCertainlyNotAppliedCountForNothing() {
        OperationTally tally = new OperationTally(-4);
        tally.add(Change.DECREMENT, WriteOutcome.NOT_APPLIED);
        tally.add(Change.INCREMENT, WriteOutcome.NOT_APPLIED);

        assertThat(tally.expected()).isEqualTo(-4);
        assertThat(tally.exact()).isTrue();
        assertThat(tally.refused()).isEqualTo(2);
        assertThat(tally.sent()).isEqualTo(2);
        assertThat(tally.acked()).isZero();
    }
}

package dev.distcounter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PerRunTest {

    @Test
    void ratiosAreTakenRunByRunThenTheMedianNotTheRatioOfMedians() {
        PerRun node = PerRun.of(Map.of(1, 45_000.0, 2, 15_000.0));
        PerRun ceiling = PerRun.of(Map.of(1, 50_000.0, 2, 30_000.0));

        PerRun ratio = node.dividedBy(ceiling);

        assertThat(ratio.value(1)).hasValue(0.9);
        assertThat(ratio.value(2)).hasValue(0.5);
        assertThat(ratio.median()).hasValue(0.7);
        // the ratio of the medians would be 30,000 / 40,000
        assertThat(node.median().getAsDouble() / ceiling.median().getAsDouble()).isEqualTo(0.75);
    }

    @Test
    void aRunWithoutBothValuesOrWithANonPositiveCeilingHasNoRatio() {
        PerRun node = PerRun.of(Map.of(1, 10.0, 2, 20.0, 3, 30.0));
        PerRun ceiling = PerRun.of(Map.of(1, 20.0, 3, 0.0, 4, 40.0));

        PerRun ratio = node.dividedBy(ceiling);

        assertThat(ratio.count()).isEqualTo(1);
        assertThat(ratio.value(1)).hasValue(0.5);
        assertThat(ratio.value(2)).isEmpty();
        assertThat(ratio.value(3)).isEmpty();
    }

    @Test
    void mediansOfOddAndEvenCountsAndTheHighestRun() {
        assertThat(PerRun.of(Map.of(1, 5.0, 2, 1.0, 3, 3.0)).median()).hasValue(3.0);
        assertThat(PerRun.of(Map.of(1, 5.0, 2, 1.0, 3, 3.0, 4, 10.0)).median()).hasValue(4.0);
        assertThat(PerRun.of(Map.of(1, 5.0, 2, 1.0)).max()).hasValue(5.0);
    }

    @Test
    void nothingMeasuredHasNoMedianAndNoMaximum() {
        assertThat(PerRun.none().isEmpty()).isTrue();
        assertThat(PerRun.none().median()).isEqualTo(OptionalDouble.empty());
        assertThat(PerRun.none().max()).isEqualTo(OptionalDouble.empty());
    }

    @Test
    void itemsOfOneRunAreMerged() {
        record Sample(int run, double value) {}
        List<Sample> samples = List.of(new Sample(1, 3), new Sample(1, 4), new Sample(2, 10));

        PerRun sum = PerRun.collect(samples.stream(), Sample::run, Sample::value, Double::sum);
        PerRun max = PerRun.collect(samples.stream(), Sample::run, Sample::value, Math::max);

        assertThat(sum.value(1)).hasValue(7.0);
        assertThat(max.value(1)).hasValue(4.0);
        assertThat(max.value(2)).hasValue(10.0);
    }
}

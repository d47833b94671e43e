package dev.distcounter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SteadyLoadTest {

    @ParameterizedTest(name = "{0}: done {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "5000; false", // one load: nothing to compare with
                "5000 5100; false", // one steady step is not enough
                "5000 5100 5200; true", // two steady steps
                "1774 3493 3963 4798; false", // a cold 5-node layout: still rising
                "7000 8000 7900; false", // a plateau, then ...
                "7000 8000 7900 11700; false", // ... the next phase of compiled code
                "11700 15800 16900 16800; true", // warm: +7 %, then a fall
                "10000 11000 12100; true", // exactly 10 % each step
                "10000 11000 12101; false", // just above on the last step
                "10000 11001 12000; false", // just above on the first of the two
            })
    void aWarmUpIsDoneWhenItsLastTwoLoadsWereEachAtMostTenPercentFasterThanTheOneBefore(String rates, boolean done) {
        List<Double> list = Arrays.stream(rates.split(" ")).map(Double::valueOf).toList();
        assertThat(SteadyLoad.steady(list)).isEqualTo(done);
    }
}

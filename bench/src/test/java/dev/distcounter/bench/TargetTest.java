package dev.distcounter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void atLeastIsMetAtTheLimitAndMissedBelowIt() {
        Target t = Target.atLeast(0.8);
        assertThat(t.verdict(OptionalDouble.of(0.8))).isEqualTo("met");
        assertThat(t.verdict(OptionalDouble.of(0.95))).isEqualTo("met");
        assertThat(t.verdict(OptionalDouble.of(0.7999))).isEqualTo("**missed**");
    }

    @Test
    void belowIsMissedAtTheLimit() {
        Target t = Target.below(5);
        assertThat(t.verdict(OptionalDouble.of(4.99))).isEqualTo("met");
        assertThat(t.verdict(OptionalDouble.of(5))).isEqualTo("**missed**");
    }

    @Test
    void nothingMeasuredIsNotJudged() {
        assertThat(Target.below(150).verdict(OptionalDouble.empty())).isEqualTo("not measured");
    }

    @Test
    void limitsAreWrittenWithoutATrailingZero() {
        assertThat(Target.atLeast(0.8).text()).isEqualTo("≥ 0.8");
        assertThat(Target.below(150).text()).isEqualTo("< 150");
    }
}

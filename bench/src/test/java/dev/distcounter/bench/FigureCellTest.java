package dev.distcounter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FigureCellTest {

    @Test
    void nothingMeasuredIsADash() {
        assertThat(FigureCell.of(PerRun.none(), NumberStyle.WHOLE)).isEqualTo("-");
        assertThat(FigureCell.of(PerRun.none(), NumberStyle.TWO_DECIMALS, " ms"))
                .isEqualTo("-");
    }

    @Test
    void oneRunIsTheValueAloneWithItsUnit() {
        assertThat(FigureCell.of(PerRun.of(Map.of(1, 1.2345)), NumberStyle.TWO_DECIMALS, " ms"))
                .isEqualTo("1.23 ms");
    }

    @Test
    void severalRunsAreTheMedianWithItsUnitThenTheLowestAndHighest() {
        PerRun rates = PerRun.of(Map.of(1, 56_307.2, 2, 53_763.0, 3, 62_858.9));
        assertThat(FigureCell.of(rates, NumberStyle.WHOLE)).isEqualTo("56,307 (53,763 – 62,859)");

        PerRun ratios = PerRun.of(Map.of(1, 0.63, 2, 0.69));
        assertThat(FigureCell.of(ratios, NumberStyle.TWO_DECIMALS, "×")).isEqualTo("0.66× (0.63 – 0.69)");
    }

    @Test
    void numberStyles() {
        assertThat(NumberStyle.WHOLE.format(1_234_567.5)).isEqualTo("1,234,568");
        assertThat(NumberStyle.WHOLE.format(999)).isEqualTo("999");
        assertThat(NumberStyle.WHOLE.format(0)).isEqualTo("0");
        assertThat(NumberStyle.TWO_DECIMALS.format(0.5)).isEqualTo("0.50");
        assertThat(NumberStyle.ONE_DECIMAL.format(22.04)).isEqualTo("22.0");
        // 141,602 KiB = 145,000,448 bytes
        assertThat(NumberStyle.MEGABYTES_FROM_KIB.format(141_602)).isEqualTo("145");
        // 146,484 KiB = 149,999,616 bytes: written as 150, yet below a limit of 150
        assertThat(NumberStyle.MEGABYTES_FROM_KIB.format(146_484)).isEqualTo("150");
        assertThat(NumberStyle.MEGABYTES_FROM_KIB.scale(146_484)).isLessThan(150);
    }
}

package dev.distcounter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void medianOfOddAndEvenCounts() {
        Samples s = new Samples();
        for (double v : new double[] {5, 1, 3}) {
            s.add(v);
        }
        assertThat(s.median()).isEqualTo(3);
        s.add(10);
        assertThat(s.median()).isEqualTo(4);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(10);
    }

    @Test
    void flagsTakeBothFormsAndRefuseUnknownOnes() {
        CommandLineFlags flags =
                CommandLineFlags.parse(new String[] {"--sizes", "10,100", "--seeds=3"}, Set.of("sizes", "seeds"));
        assertThat(flags.numbers("sizes", "1")).isEqualTo(List.of(10L, 100L));
        assertThat(flags.number("seeds", 5)).isEqualTo(3);
        assertThat(flags.numbers("absent", "10_000_000")).isEqualTo(List.of(10_000_000L));
        assertThatThrownBy(() -> CommandLineFlags.parse(new String[] {"--size", "10"}, Set.of("sizes")))
                .hasMessageContaining("unknown flag --size");
    }
}

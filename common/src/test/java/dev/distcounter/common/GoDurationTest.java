package dev.distcounter.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({
        "0, 0",
        "2s, 2000000000",
        "500ms, 500000000",
        "1m30s, 90000000000",
        "1.5h, 5400000000000",
        "300us, 300000",
        "300µs, 300000",
        "10ns, 10",
        "1h2m3s4ms, 3723004000000",
        ".5s, 500000000",
        "-2s, -2000000000",
        "+1m, 60000000000",
    })
    void parsesGoSyntax(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "2 s", "s", "2x", "1.2.3s", "2s junk", "ms500", "--1s", "9999999999h"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid duration");
    }

    @ParameterizedTest(name = "{0} ns formats as {1}")
    @CsvSource({
        "0, 0s",
        "2000000000, 2s",
        "500000000, 500ms",
        "90000000000, 1m30s",
        "3600000000000, 1h0m0s",
        "1500000000, 1.5s",
        "300000, 300µs",
        "10, 10ns",
    })
    void formatsLikeGo(long nanos, String text) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }
}

package dev.distcounter.node.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureDetectorTest {
    static final MembershipConfig DEFAULTS = MembershipConfig.defaults(); // 1s, suspect 3s, dead 10s, 5 fails, 30s

    @ParameterizedTest(name = "silent {0} ms, {1} failures -> {2}")
    @CsvSource({
        "0, 0, ALIVE",
        "2999, 0, ALIVE",
        "3000, 0, SUSPECT",
        "9999, 0, SUSPECT",
        "10000, 0, DEAD",
        "60000, 0, DEAD",
        "0, 4, ALIVE",
        "0, 5, SUSPECT",
        "500, 9, SUSPECT",
        "10000, 5, DEAD",
    })
    void state(long silence, int failures, MemberState expected) {
        assertThat(FailureDetector.state(silence, failures, DEFAULTS)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "silent {0} ms, unlisted {1} ms -> forgotten {2}")
    @CsvSource({
        "29999, 40000, false",
        "30000, 30000, true",
        "40000, 5000, false",
        "40000, 30000, true",
    })
    void forgetting(long silence, long unlisted, boolean forgotten) {
        assertThat(FailureDetector.forgotten(silence, unlisted, DEFAULTS)).isEqualTo(forgotten);
    }

    @ParameterizedTest(name = "loss {0}: false dead verdict probability {1}")
    @CsvSource({"0.0, 0.0", "0.3, 5.9049E-6", "0.5, 9.765625E-4", "1.0, 1.0"})
    void falseDeadProbability(double loss, double probability) {
        assertThat(FailureDetector.falseDeadProbability(loss, DEFAULTS))
                .isCloseTo(probability, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void inconsistentSettingsAreRefused() {
        assertThatThrownBy(() -> new MembershipConfig(
                        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), 5, Duration.ofSeconds(30)))
                .hasMessageContaining("--dead-after");
        assertThatThrownBy(() -> new MembershipConfig(
                        Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10), 5, Duration.ofSeconds(5)))
                .hasMessageContaining("--failure-timeout");
        assertThatThrownBy(() -> new MembershipConfig(
                        Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(10), 5, Duration.ofSeconds(30)))
                .hasMessageContaining("--heartbeat");
    }
}

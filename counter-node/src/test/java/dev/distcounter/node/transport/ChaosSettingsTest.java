package dev.distcounter.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.common.NodeAddress;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChaosSettingsTest {

    @ParameterizedTest(name = "{0} -> {1}..{2} ms")
    @CsvSource({"0s, 0, 0", "50ms, 50, 50", "10ms-200ms, 10, 200", "0s-100ms, 0, 100", " 1s - 2s , 1000, 2000"})
    void delays(String text, long min, long max) {
        Duration[] d = ChaosSettings.parseDelay(text);
        assertThat(d[0]).isEqualTo(Duration.ofMillis(min));
        assertThat(d[1]).isEqualTo(Duration.ofMillis(max));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "5ms-1ms", "-5ms", "1ms-", "1ms-2ms-3ms"})
    void badDelaysAreRefused(String text) {
        assertThatThrownBy(() -> ChaosSettings.parseDelay(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid delay");
    }

    @Test
    void blockedPeersAreSortedAndTheRestValidated() {
        ChaosSettings c = new ChaosSettings(
                0.5,
                Duration.ZERO,
                Duration.ofMillis(5),
                Set.of(NodeAddress.parse("b:2"), NodeAddress.parse("a:1"), NodeAddress.parse("a:3")));
        assertThat(c.blocked())
                .containsExactly(NodeAddress.parse("a:1"), NodeAddress.parse("a:3"), NodeAddress.parse("b:2"));
        assertThat(c.toString()).contains("blocked [a:1, a:3, b:2]");
        assertThat(c.none()).isFalse();
        assertThat(ChaosSettings.NONE.none()).isTrue();
        assertThatThrownBy(() -> new ChaosSettings(-0.1, Duration.ZERO, Duration.ZERO, Set.of()))
                .hasMessageContaining("drop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999h", "10001ms", "1s-11s"})
    void delaysLongerThanTheMostAreRefused(String text) {
        assertThatThrownBy(() -> ChaosSettings.parseDelay(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 10s, since delayed frames are held in memory");
        assertThatThrownBy(() -> new ChaosSettings(0, Duration.ZERO, Duration.ofHours(999), Set.of()))
                .hasMessageContaining("longer than the most, 10s");
        assertThat(ChaosSettings.parseDelay("10s")[1]).isEqualTo(ChaosSettings.MAX_DELAY);
    }
}

package dev.distcounter.node.cli;

import static dev.distcounter.node.cli.CounterNodeCommandTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.node.antientropy.AntiEntropyConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code --kv-anti-entropy}, {@code --kv-anti-entropy-rate} and {@code --kv-tombstone-grace}. */
class AntiEntropyFlagsTest {
    @Test
    void defaultToEveryTenSecondsTwoThousandKeysAndAnHourPastTheHintWindow() {
        AntiEntropyConfig config = parse().member().keyspace().antiEntropy();
        assertThat(config).isEqualTo(new AntiEntropyConfig(Duration.ofSeconds(10), 2000, Duration.ofHours(4)));
        assertThat(config.enabled()).isTrue();
        assertThat(parse("--hint-window=30m").member().keyspace().antiEntropy().tombstoneGrace())
                .isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void parseAndZeroTurnsItOff() {
        AntiEntropyConfig config = parse(
                        "--kv-anti-entropy=1m30s", "--kv-anti-entropy-rate", "50", "--kv-tombstone-grace=5h")
                .member()
                .keyspace()
                .antiEntropy();
        assertThat(config).isEqualTo(new AntiEntropyConfig(Duration.ofSeconds(90), 50, Duration.ofHours(5)));
        assertThat(parse("--kv-anti-entropy", "0")
                        .member()
                        .keyspace()
                        .antiEntropy()
                        .enabled())
                .isFalse();
    }

    @Test
    void refusesAGraceNotLongerThanTheHintWindowAndABadRate() {
        assertThatThrownBy(() -> parse("--kv-tombstone-grace=3h"))
                .hasMessageContaining("--kv-tombstone-grace (PT3H) must be longer than --hint-window (PT3H)");
        assertThatThrownBy(() -> parse("--hint-window=5h", "--kv-tombstone-grace=4h"))
                .hasMessageContaining("must be longer than --hint-window");
        assertThatThrownBy(() -> parse("--kv-anti-entropy-rate=0"))
                .hasMessageContaining("--kv-anti-entropy-rate must be at least 1, not 0");
        assertThatThrownBy(() -> parse("--kv-anti-entropy=-1s")).isInstanceOf(Exception.class);
    }
}

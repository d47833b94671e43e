package dev.distcounter.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InboundLimitsTest {
    static final InboundLimits DEFAULTS = InboundLimits.defaults(256); // 32 unidentified, 2 per sender, 5 s, 30 s

    @ParameterizedTest(name = "{0} unidentified held -> {1}")
    @CsvSource({"0, ADMIT", "31, ADMIT", "32, ADMIT_CLOSING_OLDEST", "500, ADMIT_CLOSING_OLDEST"})
    void arrival(int unidentified, InboundLimits.Arrival verdict) {
        assertThat(DEFAULTS.onArrival(unidentified)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "member {0}, {1} others held, {2} from this sender -> {3}")
    @CsvSource({
        "true, 0, 0, KEEP",
        "true, 256, 0, KEEP",
        "true, 10000, 1, KEEP",
        "true, 0, 2, KEEP_CLOSING_OLDEST_OF_SENDER",
        "false, 0, 0, KEEP",
        "false, 255, 1, KEEP",
        "false, 256, 0, CLOSE",
        "false, 256, 2, KEEP_CLOSING_OLDEST_OF_SENDER",
    })
    void firstFrame(boolean member, int others, int sameSender, InboundLimits.Identified verdict) {
        assertThat(DEFAULTS.onFirstFrame(member, others, sameSender)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "identified {0}, silent {1} ms -> expired {2}")
    @CsvSource({
        "false, 0, false",
        "false, 4999, false",
        "false, 5000, true",
        "true, 5000, false",
        "true, 29999, false",
        "true, 30000, true",
    })
    void deadlines(boolean identified, long silentMillis, boolean expired) {
        assertThat(DEFAULTS.expired(identified, silentMillis)).isEqualTo(expired);
    }

    @Test
    void theDefaultsKeepTheOldMaximumForStrangers() {
        assertThat(TransportConfig.defaults(new dev.distcounter.common.NodeAddress("localhost", 9000))
                        .inbound())
                .isEqualTo(new InboundLimits(32, 256, 2, Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }
}

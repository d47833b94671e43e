package dev.distcounter.node.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TermBoundTest {
    static final TermBound DEFAULTS = TermBound.defaults(); // 1,000 ahead, ceiling 2^53

    @ParameterizedTest(name = "known {0}, offered {1} -> taken {2}")
    @CsvSource({
        // not news: always taken (callers ignore it)
        "5, 5, true",
        "5, 3, true",
        "5, -7, true",
        // an election, or a few after a partition
        "5, 6, true",
        "5, 12, true",
        "5, 1005, true",
        // too far ahead
        "5, 1006, false",
        "5, 9223372036854775807, false",
        // a node with no term yet catches up to any cluster, below the ceiling
        "0, 1, true",
        "0, 123456789, true",
        "0, 9007199254740992, true",
        "0, 9007199254740993, false",
        "0, 9223372036854775807, false",
        // at the ceiling nothing above is taken
        "9007199254740992, 9007199254740993, false",
        "9007199254740000, 9007199254740992, true",
    })
    void accepts(long known, long offered, boolean taken) {
        assertThat(DEFAULTS.accepts(known, offered)).isEqualTo(taken);
    }

    @ParameterizedTest(name = "max ahead {0}: known 10, offered {1} -> taken {2}")
    @CsvSource({"1, 11, true", "1, 12, false", "50, 60, true", "50, 61, false"})
    void theBoundIsConfigurable(long maxAhead, long offered, boolean taken) {
        assertThat(new TermBound(maxAhead).accepts(10, offered)).isEqualTo(taken);
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThatThrownBy(() -> new TermBound(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--max-term-ahead");
    }
}

package dev.distcounter.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClosestNameTest {
    private static final List<String> FLAGS = List.of(
            "addr",
            "discovery",
            "sync",
            "max-peers",
            "heartbeat",
            "wal",
            "wal-fsync",
            "wal-dir",
            "wal-max-size",
            "http-port",
            "http-bind",
            "http-threads",
            "log-level");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "wal-fsnc, wal-fsync",
        "walfsync, wal-fsync",
        "sycn, sync",
        "adr, addr",
        "http-prot, http-port",
        "heartbeats, heartbeat",
        "max-peer, max-peers",
        "wal-max, wal-max-size",
        "max-peers-count, max-peers",
        "LOG-LEVEL, log-level"
    })
    void aNearNameIsFound(String typed, String meant) {
        assertThat(ClosestName.among(typed, FLAGS)).hasValue(meant);
    }

    @ParameterizedTest
    @CsvSource({"bogus", "frobnicate", "x", "http", "verbose"})
    void nothingNearGivesNoGuess(String typed) {
        assertThat(ClosestName.among(typed, FLAGS)).isEmpty();
    }

    @ParameterizedTest(name = "{0} to {1}: {2}")
    @CsvSource({"sync, sync, 0", "prot, port, 1", "sycn, sync, 1", "abc, '', 3", "kitten, sitting, 3"})
    void distanceCountsSingleEditsAndSwaps(String a, String b, int edits) {
        assertThat(ClosestName.distance(a, b)).isEqualTo(edits);
    }

    @Property(tries = 200)
    void aKnownNameIsItsOwnClosest(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String name) {
        assertThat(ClosestName.among(name, List.of(name + "zzzz", name))).hasValue(name);
    }
}

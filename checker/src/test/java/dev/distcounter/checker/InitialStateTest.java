package dev.distcounter.checker;

import static dev.distcounter.checker.Entries.THREE_NODES;
import static dev.distcounter.checker.Entries.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A history recorded on a cluster that already had a value (value 1, version 3: +2 and -1 before). */
class InitialStateTest {
    static final InitialState BEFORE = new InitialState(1, 3);

    static History history(List<Operation> ops, List<Read> reads, List<FinalRead> finals, InitialState initial) {
        return new History(THREE_NODES, ops, reads, List.of(), finals, initial);
    }

    @Test
    void theInitialStateIsPartOfEveryObservationAndOfTheFinalState() {
        History h = history(
                List.of(ok("1", 1, 10, 20, 2, 4)),
                List.of(Entries.read("2", 30, 40, 1, 3), Entries.read("2", 50, 60, 2, 4)),
                List.of(new FinalRead("1", 2, 4, 100), new FinalRead("2", 2, 4, 100)),
                BEFORE);
        CheckResult result = HistoryChecker.check(h);
        assertThat(result.valid()).as(result.report()).isTrue();
        assertThat(result.acknowledgedSum()).isEqualTo(2);
    }

    @Test
    void withoutTheInitialStateTheSameHistoryIsInvalid() {
        History h = history(
                List.of(ok("1", 1, 10, 20, 2, 4)),
                List.of(),
                List.of(new FinalRead("1", 2, 4, 100)),
                InitialState.ZERO);
        assertThat(HistoryChecker.check(h).valid()).isFalse();
    }

    @Test
    void aDurableNodeReadingLessThanTheInitialStateIsInvalid() {
        History h = history(
                List.of(), List.of(Entries.read("1", 10, 20, 0, 0)), List.of(new FinalRead("1", 1, 3, 100)), BEFORE);
        CheckResult result = HistoryChecker.check(h);
        assertThat(result.valid()).isFalse();
        assertThat(result.violations()).singleElement().asString().contains("node 1");
    }

    /** Node 3 has no WAL: after a restart it starts empty and relearns the initial state piece by piece. */
    @Test
    void aNodeWithoutWalMayHoldAnyPartOfTheInitialState() {
        // initial: +2 and -1 (value 1, version 3); any part of it: value in [-1, 2], version in [0, 3]
        for (long[] seen : new long[][] {{0, 0}, {-1, 1}, {2, 2}, {1, 3}}) {
            History h = history(
                    List.of(),
                    List.of(Entries.read("3", 10, 20, seen[0], seen[1])),
                    List.of(new FinalRead("1", 1, 3, 100)),
                    BEFORE);
            assertThat(HistoryChecker.check(h).valid())
                    .as("node 3 read %d/%d", seen[0], seen[1])
                    .isTrue();
        }
        History tooMuch = history(
                List.of(), List.of(Entries.read("3", 10, 20, 3, 3)), List.of(new FinalRead("1", 1, 3, 100)), BEFORE);
        assertThat(HistoryChecker.check(tooMuch).valid()).isFalse();
    }

    @Test
    void anOperationOnARestartedNodeWithoutWalMayReturnLessThanTheInitialState() {
        // What the drill saw: node 3 restarted empty and answered its first increment with 1 (version 1).
        History h = history(
                List.of(ok("3", 1, 10, 20, 1, 1)),
                List.of(),
                List.of(new FinalRead("1", 2, 4, 100), new FinalRead("3", 2, 4, 100)),
                BEFORE);
        CheckResult result = HistoryChecker.check(h);
        assertThat(result.valid()).as(result.report()).isTrue();
    }

    @Test
    void itIsWrittenInTheMetaLineAndReadBack() throws Exception {
        History h = history(List.of(ok("1", -1, 10, 20)), List.of(), List.of(new FinalRead("1", 0, 4, 100)), BEFORE);
        List<String> lines = h.toJsonLines();
        assertThat(lines.get(0)).contains("\"initial\":{\"value\":1,\"version\":3}");
        assertThat(History.parse(lines)).isEqualTo(h);
        assertThat(History.parse(List.of("{\"type\":\"meta\",\"nodes\":{}}")).initial())
                .isEqualTo(InitialState.ZERO);
    }

    @Test
    void impossibleInitialStatesAreRefused() {
        assertThatThrownBy(() -> new InitialState(5, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InitialState(1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> History.parse(
                        List.of("{\"type\":\"meta\",\"nodes\":{},\"initial\":{\"value\":5,\"version\":3}}")))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("line 1:");
        assertThatThrownBy(() -> History.parse(List.of("{\"type\":\"meta\",\"nodes\":{},\"initial\":{\"value\":1}}")))
                .hasMessageContaining("version");
    }

    @Test
    void theRecorderCarriesIt() {
        HistoryRecorder recorder = new HistoryRecorder();
        recorder.initial(1, 3);
        assertThat(recorder.history().initial()).isEqualTo(BEFORE);
    }
}

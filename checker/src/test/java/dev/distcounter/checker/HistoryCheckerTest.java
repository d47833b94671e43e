package dev.distcounter.checker;

import static dev.distcounter.checker.Entries.THREE_NODES;
import static dev.distcounter.checker.Entries.fail;
import static dev.distcounter.checker.Entries.fin;
import static dev.distcounter.checker.Entries.finals;
import static dev.distcounter.checker.Entries.history;
import static dev.distcounter.checker.Entries.info;
import static dev.distcounter.checker.Entries.ok;
import static dev.distcounter.checker.Entries.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HistoryCheckerTest {

    /** name, history, expected verdict, a fragment every violation list of an invalid case must contain. */
    static Stream<Arguments> cases() {
        Map<String, NodeInfo> n = THREE_NODES;
        return Stream.of(
                // --- a plain valid run
                valid(
                        "simple run: acked ops, a read after them, agreeing finals",
                        history(
                                n,
                                ok("1", 3, 0, 10, 3, 3),
                                ok("2", -1, 20, 30, 2, 4),
                                read("3", 40, 50, 2, 4),
                                finals(n, 2, 4))),
                valid(
                        "a read may or may not see a concurrent op (sees it)",
                        history(n, ok("1", 5, 10, 100), read("2", 50, 60, 5, 5), finals(n, 5, 5))),
                valid(
                        "a read may or may not see a concurrent op (misses it)",
                        history(n, ok("1", 5, 10, 100), read("1", 50, 60, 0, 0), finals(n, 5, 5))),
                valid(
                        "an op invoked exactly at the read's completion may be visible",
                        history(n, ok("1", 4, 30, 40), read("2", 20, 30, 4, 4), finals(n, 4, 4))),
                valid(
                        "another node need not have heard of an acked op yet",
                        history(n, ok("1", 4, 0, 10), read("2", 20, 30, 0, 0), finals(n, 4, 4))),
                valid(
                        "a concurrent info decrement may lower a read",
                        history(n, ok("1", 5, 0, 10), info("2", -2, 5, 50), read("1", 20, 30, 3, 7), finals(n, 3, 7))),

                // --- rule 1: upper bound
                invalid(
                        "read above hi: only an op invoked later explains it",
                        history(n, ok("1", 5, 100, 110), read("2", 10, 20, 5, 5), finals(n, 5, 5)),
                        "read at node 2 [invoke 10, complete 20] observed value 5 outside allowed [0, 0]"),
                invalid(
                        "read sees a fail op's delta",
                        history(n, fail("1", 5, 0, 10), read("2", 20, 30, 5, 5), finals(n, 0, 0)),
                        "read at node 2"),

                // --- rule 1: lower bound and durability
                invalid(
                        "durable node's read misses its own earlier acked increment",
                        history(n, ok("1", 4, 0, 10), read("1", 20, 30, 0, 0), finals(n, 4, 4)),
                        "read at node 1 [invoke 20, complete 30] observed value 0 outside allowed [4, 4]"),
                invalid(
                        "durable: completed the millisecond before the read's invoke",
                        history(n, ok("1", 4, 0, 19), read("1", 20, 30, 0, 0), finals(n, 4, 4)),
                        "read at node 1"),
                valid(
                        "durable: completed in the read's invoke millisecond, so maybe after it",
                        history(n, ok("1", 4, 0, 20), read("1", 20, 30, 0, 0), finals(n, 4, 4))),
                valid(
                        "durable: a later op's result need not include one acked in its invoke millisecond",
                        history(n, ok("1", 4, 0, 20), ok("1", 1, 20, 20, 1, 1), finals(n, 5, 5))),
                valid(
                        "non-durable node's read may miss its own earlier acked increment",
                        history(n, ok("3", 4, 0, 10), read("3", 20, 30, 0, 0), finals(n, 4, 4))),
                valid(
                        "without a meta line no node is durable",
                        history(Map.of(), ok("1", 4, 0, 10), read("1", 20, 30, 0, 0), fin("1", 4, 4))),
                invalid(
                        "durable node's read misses its own earlier acked decrement",
                        history(n, ok("1", 3, 0, 10), ok("1", -2, 20, 30), read("1", 40, 50, 3, 3), finals(n, 1, 5)),
                        "value 3 outside allowed [1, 1]; version 3 outside allowed [5, 5]"),

                // --- rule 1: an op's own result
                invalid(
                        "ok op whose returned value excludes itself",
                        history(n, ok("3", 4, 0, 10, 0, 0), finals(n, 4, 4)),
                        "ok op +4 at node 3 [invoke 0, complete 10] returned value 0 outside allowed [4, 4]"),
                invalid(
                        "ok op whose result includes an op invoked after it completed",
                        history(n, ok("1", 1, 0, 10, 3, 3), ok("2", 2, 20, 30), finals(n, 3, 3)),
                        "ok op +1 at node 1"),
                valid(
                        "ok op whose result includes a concurrent op",
                        history(n, ok("1", 1, 0, 10, 3, 3), ok("2", 2, 5, 30), finals(n, 3, 3))),
                valid(
                        "ok op may return only a version",
                        history(n, new Operation("1", 2, 0, 10, Outcome.OK, null, 2L), finals(n, 2, 2))),

                // --- rule 1: versions
                invalid(
                        "read value fits but version is beyond every invoked op",
                        history(n, ok("1", 1, 0, 10), ok("1", -1, 0, 10), read("2", 20, 30, 0, 5), finals(n, 0, 2)),
                        "version 5 outside allowed [0, 2]"),
                invalid(
                        "durable read's version misses an acked op whose delta cancels out",
                        history(n, ok("1", 1, 0, 10), ok("1", -1, 0, 10), read("1", 20, 30, 0, 0), finals(n, 0, 2)),
                        "version 0 outside allowed [2, 2]"),

                // --- fail and info reads are ignored
                valid(
                        "fail and info reads carry nonsense and are ignored",
                        history(
                                n,
                                ok("1", 1, 0, 10),
                                new Read("2", 20, 30, Outcome.FAIL, 999L, 999L),
                                new Read("2", 20, 30, Outcome.INFO, -999L, null),
                                finals(n, 1, 1))),

                // --- rule 2: agreement and existence
                invalid("no final reads", history(n, ok("1", 1, 0, 10)), "no final reads"),
                invalid(
                        "finals disagree",
                        history(n, ok("1", 2, 0, 10), fin("1", 2, 2), fin("2", 2, 2), fin("3", 3, 3)),
                        "finals disagree after the cluster was quiet: value 2 version 2 at nodes 1,2; value 3 version 3 at node 3"),
                invalid(
                        "finals agree on value but not on version",
                        history(n, ok("1", 2, 0, 10), fin("1", 2, 2), fin("2", 2, 4)),
                        "finals disagree"),

                // --- rule 2: lost and doubled writes
                invalid(
                        "final misses an acked increment (lost write)",
                        history(n, ok("1", 2, 0, 10), ok("2", 3, 0, 10), finals(n, 2, 2)),
                        "3 of the acknowledged increments are missing (lost write)"),
                invalid(
                        "final misses an acked decrement (lost write)",
                        history(n, ok("1", 2, 0, 10), ok("2", -1, 20, 30), finals(n, 2, 2)),
                        "1 of the acknowledged decrements are missing (lost write)"),
                invalid(
                        "final counts an acked increment twice",
                        history(n, ok("1", 3, 0, 10), finals(n, 6, 6)),
                        "3 more increments than acknowledged, but indeterminate increments total only 0"),
                invalid(
                        "final value right but version short: +1 and -1 both lost",
                        history(n, ok("1", 1, 0, 10), ok("1", -1, 0, 10), finals(n, 0, 0)),
                        "lost write"),
                invalid(
                        "final with value and version of different parity",
                        history(n, ok("1", 1, 0, 10), finals(n, 1, 2)),
                        "parity"),

                // --- rule 2: indeterminate ops
                valid(
                        "final includes no info op",
                        history(n, ok("1", 3, 0, 10), info("2", 2, 0, 10), info("3", -1, 0, 10), finals(n, 3, 3))),
                valid(
                        "final includes the info increment",
                        history(n, ok("1", 3, 0, 10), info("2", 2, 0, 10), info("3", -1, 0, 10), finals(n, 5, 5))),
                valid(
                        "final includes the info decrement",
                        history(n, ok("1", 3, 0, 10), info("2", 2, 0, 10), info("3", -1, 0, 10), finals(n, 2, 4))),
                valid(
                        "final includes both info ops",
                        history(n, ok("1", 3, 0, 10), info("2", 2, 0, 10), info("3", -1, 0, 10), finals(n, 4, 6))),
                invalid(
                        "final needs a subset of info increments that does not exist",
                        history(n, info("1", 2, 0, 10), info("2", 2, 0, 10), finals(n, 1, 1)),
                        "needs indeterminate increments summing to exactly 1, which no subset of the 2"),
                invalid(
                        "final needs an info op applied twice",
                        history(n, info("1", 2, 0, 10), finals(n, 4, 4)),
                        "counted twice"),

                // --- fail ops never count
                invalid(
                        "final includes a fail op's delta",
                        history(n, ok("1", 2, 0, 10), fail("2", 5, 0, 10), finals(n, 7, 7)),
                        "5 more increments than acknowledged"),
                valid(
                        "final that a fail op's delta would explain but an info op of the same size does",
                        history(n, ok("1", 2, 0, 10), fail("2", 5, 0, 10), info("3", 5, 0, 10), finals(n, 7, 7))));
    }

    private static Arguments valid(String name, History h) {
        return Arguments.of(name, h, true, "");
    }

    private static Arguments invalid(String name, History h, String violationFragment) {
        return Arguments.of(name, h, false, violationFragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesEachRule(String name, History history, boolean expectValid, String fragment) {
        CheckResult result = HistoryChecker.check(history);

        assertThat(result.valid()).as(result.report()).isEqualTo(expectValid);
        if (expectValid) {
            assertThat(result.violations()).isEmpty();
            assertThat(result.report()).endsWith("\nVALID");
        } else {
            assertThat(result.violations())
                    .as(result.report())
                    .anySatisfy(v -> assertThat(v).contains(fragment));
            assertThat(result.report()).endsWith("\nINVALID");
        }
    }

    @Test
    void countsOutcomesAndBoundsTheFinalValue() {
        History h = history(
                THREE_NODES,
                ok("1", 3, 0, 10, 3, 3),
                ok("2", -1, 20, 30),
                fail("3", 7, 0, 10),
                info("1", 4, 0, 10),
                info("2", -2, 0, 10),
                info("3", 1, 0, 10),
                read("3", 40, 50, 2, 4),
                new Read("3", 40, 50, Outcome.INFO, null, null),
                new Fault("kill", "node 3", 15),
                new Fault("restart", "node 3", 25),
                finals(THREE_NODES, 2, 4));

        CheckResult r = HistoryChecker.check(h);

        assertThat(r.valid()).as(r.report()).isTrue();
        assertThat(r.okOps()).isEqualTo(2);
        assertThat(r.failedOps()).isEqualTo(1);
        assertThat(r.infoOps()).isEqualTo(3);
        assertThat(r.readsChecked()).isEqualTo(2); // the read and the op that returned a state
        assertThat(r.faultCount()).isEqualTo(2);
        assertThat(r.acknowledgedSum()).isEqualTo(2);
        assertThat(r.lowerBound()).isEqualTo(0);
        assertThat(r.upperBound()).isEqualTo(7);
        assertThat(r.report())
                .contains(
                        "6 (2 ok, 1 fail, 3 info)",
                        "fault at 15: kill node 3",
                        "fault at 25: restart node 3",
                        "acknowledged sum A = 2",
                        "[0, 7]")
                .endsWith("VALID");
    }

    @Test
    void listsFiftyViolationsAndCountsTheRest() {
        List<Object> entries = new ArrayList<>();
        entries.add(ok("1", 1, 1000, 1010));
        for (int i = 0; i < 60; i++) {
            entries.add(read("2", i, i, 1, 1)); // each sees an op not yet invoked
        }
        entries.add(finals(THREE_NODES, 1, 1));

        CheckResult r = HistoryChecker.check(history(THREE_NODES, entries.toArray()));

        assertThat(r.valid()).isFalse();
        assertThat(r.violations()).hasSize(50);
        assertThat(r.unlistedViolations()).isEqualTo(10);
        assertThat(r.violationCount()).isEqualTo(60);
        assertThat(r.report()).contains("violations: 60", "... and 10 more").endsWith("\nINVALID");
    }

    @Test
    void deltasPastSixtyFourBitsAreAViolationNotACrash() {
        History h = history(
                THREE_NODES, ok("1", Long.MAX_VALUE, 0, 1), ok("2", Long.MAX_VALUE, 0, 1), finals(THREE_NODES, 0, 0));

        CheckResult r = HistoryChecker.check(h);

        assertThat(r.valid()).isFalse();
        assertThat(r.violations()).anySatisfy(v -> assertThat(v).contains("64-bit"));
    }

    @Test
    void reportNotesTheRangeFallbackForHugeIndeterminateDeltas() {
        History h = history(
                THREE_NODES,
                info("1", 6_000_000, 0, 1),
                info("2", 6_000_000, 0, 1),
                finals(THREE_NODES, 6_000_000, 6_000_000));

        CheckResult r = HistoryChecker.check(h);

        assertThat(r.valid()).as(r.report()).isTrue();
        assertThat(r.report()).contains("range of I and D only");
    }
}

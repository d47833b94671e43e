package dev.distcounter.checker;

import static dev.distcounter.checker.KeyEntries.SLOPPY;
import static dev.distcounter.checker.KeyEntries.STRICT;
import static dev.distcounter.checker.KeyEntries.allHold;
import static dev.distcounter.checker.KeyEntries.delete;
import static dev.distcounter.checker.KeyEntries.get;
import static dev.distcounter.checker.KeyEntries.holds;
import static dev.distcounter.checker.KeyEntries.keyHistory;
import static dev.distcounter.checker.KeyEntries.notFound;
import static dev.distcounter.checker.KeyEntries.nothing;
import static dev.distcounter.checker.KeyEntries.put;
import static dev.distcounter.checker.KeyEntries.tombstone;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyCheckerTest {

    /** name, history, expected verdict, a fragment some violation of an invalid case must contain. */
    static Stream<Arguments> cases() {
        return Stream.of(
                valid(
                        "a put, a get after it, replicas agreeing",
                        keyHistory(STRICT, put("a", "x", 0, 10, 1), get("a", 20, 30, "x", 1), allHold("a", "x", 1))),

                // --- rule 1: replicas converge and keep acknowledged writes
                invalid(
                        "replicas hold different values",
                        keyHistory(
                                STRICT,
                                put("a", "x", 0, 10, 1),
                                put("a", "y", 20, 30, 2),
                                holds("1", "a", "y", 2),
                                holds("2", "a", "y", 2),
                                holds("3", "a", "x", 1)),
                        "replicas of key \"a\" disagree after the cluster was quiet: \"y\" version 2 at nodes 1,2;"
                                + " \"x\" version 1 at node 3"),
                invalid(
                        "a replica holds nothing of a put key",
                        keyHistory(
                                STRICT,
                                put("a", "x", 0, 10, 1),
                                holds("1", "a", "x", 1),
                                holds("2", "a", "x", 1),
                                nothing("3", "a")),
                        "nothing at node 3"),
                valid(
                        "a replica that dropped the tombstone agrees with those holding it",
                        keyHistory(
                                STRICT,
                                put("a", "x", 0, 10, 1),
                                delete("a", 20, 30, 2),
                                tombstone("1", "a", 2),
                                tombstone("2", "a", 2),
                                nothing("3", "a"))),
                invalid(
                        "replicas agree on an older version than an acknowledged write",
                        keyHistory(STRICT, put("a", "x", 0, 10, 1), put("a", "y", 20, 30, 2), allHold("a", "x", 1)),
                        "is older than acknowledged put #2 key \"a\" value \"y\" at node 1 [invoke 20, complete 30]"
                                + " version 2 (lost write)"),
                valid(
                        "replicas may hold an indeterminate put's value over an acknowledged one",
                        keyHistory(
                                STRICT,
                                put("a", "x", 0, 10, 1),
                                put("a", "y", 20, 30, Outcome.INFO),
                                allHold("a", "y", 2))),

                // --- rule 2: no read of a value never written
                invalid(
                        "a get returns a value nobody wrote",
                        keyHistory(STRICT, put("a", "x", 0, 10, 1), get("a", 20, 30, "z", 1)),
                        "get #2 key \"a\" value \"z\" at node 3 [invoke 20, complete 30] version 1 returned a value"
                                + " never written to this key"),
                invalid(
                        "a get returns a definitely failed put's value",
                        keyHistory(STRICT, put("a", "x", 0, 10, Outcome.FAIL), get("a", 20, 30, "x", 1)),
                        "written only by definitely failed put #1"),
                invalid(
                        "a get returns a value written to another key",
                        keyHistory(STRICT, put("b", "x", 0, 10, 1), get("a", 20, 30, "x", 1)),
                        "never written to this key"),
                invalid(
                        "a get returns a value whose put was invoked after the get completed",
                        keyHistory(null, get("a", 0, 10, "x", 1), put("a", "x", 20, 30, 1)),
                        "invoked after the get completed"),
                invalid(
                        "a replica holds a failed put's value",
                        keyHistory(STRICT, put("a", "x", 0, 10, Outcome.FAIL), allHold("a", "x", 1)),
                        "final replica read at node 1 of key \"a\" holds \"x\" version 1"),
                valid(
                        "a get may return an indeterminate put's value, even a concurrent one",
                        keyHistory(STRICT, put("a", "x", 0, 40, Outcome.INFO), get("a", 20, 30, "x", 1))),
                valid(
                        "a value also written by a put that may have worked is fine",
                        keyHistory(
                                STRICT,
                                put("a", "x", 0, 10, Outcome.FAIL),
                                put("a", "x", 5, 15, 1),
                                get("a", 20, 30, "x", 1))),

                // --- rule 3: a write after another's acknowledgement wins
                invalid(
                        "a put after an acknowledged put gets no greater version",
                        keyHistory(STRICT, put("a", "x", 0, 10, 3), put("a", "y", 20, 30, 3)),
                        "put #2 key \"a\" value \"y\" at node 1 [invoke 20, complete 30] version 3 does not win over"
                                + " put #1 key \"a\" value \"x\" at node 1 [invoke 0, complete 10] version 3"),
                invalid(
                        "a delete after an acknowledged put gets a lower version",
                        keyHistory(STRICT, put("a", "x", 0, 10, 3), delete("a", 20, 30, 2)),
                        "delete #2 key \"a\" at node 2 [invoke 20, complete 30] version 2 does not win over put #1"),
                valid(
                        "overlapping writes may take any versions",
                        keyHistory(STRICT, put("a", "x", 0, 20, 3), put("a", "y", 20, 30, 2))),
                valid(
                        "writes to different keys are not ordered",
                        keyHistory(STRICT, put("a", "x", 0, 10, 3), put("b", "y", 20, 30, 1))),
                valid(
                        "with R + W <= N a later write may lose",
                        keyHistory(
                                new KeyspaceConfig(3, 1, 1, false), put("a", "x", 0, 10, 3), put("a", "y", 20, 30, 1))),
                valid(
                        "with sloppy quorum a later write may lose",
                        keyHistory(SLOPPY, put("a", "x", 0, 10, 3), put("a", "y", 20, 30, 1))),
                valid(
                        "without recorded quorums a later write is not checked",
                        keyHistory(null, put("a", "x", 0, 10, 3), put("a", "y", 20, 30, 1))),

                // --- rule 4: no stale read after an acknowledgement
                invalid(
                        "a get after an acknowledged put returns an older version",
                        keyHistory(STRICT, put("a", "x", 0, 10, 1), put("a", "y", 20, 30, 2), get("a", 40, 50, "x", 1)),
                        "get #3 key \"a\" value \"x\" at node 3 [invoke 40, complete 50] version 1 returned an older"
                                + " version than put #2"),
                invalid(
                        "a get after an acknowledged put finds nothing",
                        keyHistory(STRICT, put("a", "x", 0, 10, 1), notFound("a", 20, 30)),
                        "get #2 key \"a\" not found at node 3 [invoke 20, complete 30] (version 0) is older than"
                                + " put #1"),
                invalid(
                        "a get after an acknowledged delete finds an older value",
                        keyHistory(STRICT, put("a", "x", 0, 10, 1), delete("a", 20, 30, 2), get("a", 40, 50, "x", 1)),
                        "returned an older version than delete #2"),
                invalid(
                        "a delete that lost to the put cannot explain a not-found",
                        keyHistory(STRICT, delete("a", 0, 30, 1), put("a", "x", 0, 10, 2), notFound("a", 40, 50)),
                        "no delete invoked by then can be as new"),
                valid(
                        "a get after an acknowledged delete finds nothing",
                        keyHistory(STRICT, put("a", "x", 0, 10, 1), delete("a", 20, 30, 2), notFound("a", 40, 50))),
                valid(
                        "a not-found explained by an indeterminate delete",
                        keyHistory(
                                STRICT,
                                put("a", "x", 0, 10, 1),
                                delete("a", 20, 30, Outcome.INFO),
                                notFound("a", 25, 50))),
                valid(
                        "a not-found explained by a concurrent acknowledged delete",
                        keyHistory(STRICT, put("a", "x", 0, 10, 1), delete("a", 20, 60, 2), notFound("a", 25, 50))),
                invalid(
                        "a definitely failed delete explains no not-found",
                        keyHistory(
                                STRICT,
                                put("a", "x", 0, 10, 1),
                                delete("a", 20, 30, Outcome.FAIL),
                                notFound("a", 40, 50)),
                        "(version 0)"),
                valid(
                        "a get concurrent with a put may miss it",
                        keyHistory(STRICT, put("a", "x", 0, 30, 1), notFound("a", 20, 25))),
                valid(
                        "a get may return a newer version than the last acknowledged",
                        keyHistory(
                                STRICT, put("a", "x", 0, 10, 1), put("a", "y", 5, 100, 2), get("a", 20, 30, "y", 2))),
                valid(
                        "with sloppy quorum a get may be stale",
                        keyHistory(SLOPPY, put("a", "x", 0, 10, 1), notFound("a", 20, 30))));
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
        KeyCheckResult keys = KeyChecker.check(history);
        CheckResult whole = HistoryChecker.check(history);

        assertThat(keys.valid()).as(keys.report()).isEqualTo(expectValid);
        assertThat(whole.valid()).as(whole.report()).isEqualTo(expectValid);
        if (expectValid) {
            assertThat(whole.report()).endsWith("\nVALID").doesNotContain("acknowledged sum");
        } else {
            assertThat(keys.violations())
                    .as(keys.report())
                    .anySatisfy(v -> assertThat(v).contains(fragment));
            assertThat(whole.report()).contains("key violations: ").endsWith("\nINVALID");
        }
    }
}

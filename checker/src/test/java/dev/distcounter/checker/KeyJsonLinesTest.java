package dev.distcounter.checker;

import static dev.distcounter.checker.KeyEntries.STRICT;
import static dev.distcounter.checker.KeyEntries.delete;
import static dev.distcounter.checker.KeyEntries.get;
import static dev.distcounter.checker.KeyEntries.holds;
import static dev.distcounter.checker.KeyEntries.keyHistory;
import static dev.distcounter.checker.KeyEntries.notFound;
import static dev.distcounter.checker.KeyEntries.nothing;
import static dev.distcounter.checker.KeyEntries.put;
import static dev.distcounter.checker.KeyEntries.tombstone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyJsonLinesTest {
    private static final String PUT = "{\"type\":\"kv\",\"op\":\"put\",\"node\":\"1\",\"key\":\"a\",\"value\":\"x\","
            + "\"invoke\":1,\"complete\":2,\"outcome\":\"ok\",\"version\":1}";
    private static final String OLD_OP =
            "{\"type\":\"op\",\"node\":\"1\",\"delta\":3,\"invoke\":1,\"complete\":2,\"outcome\":\"ok\"}";

    private static History everyKeyKind() {
        return keyHistory(
                STRICT,
                put("a", "x", 0, 10, 1),
                put("a", "y", 5, 15, Outcome.INFO),
                put("b", "", 6, 7, Outcome.FAIL),
                get("a", 20, 30, "x", 1),
                notFound("b", 21, 22),
                new KeyOperation(KeyOperation.Kind.GET, "2", "a", 23, 24, Outcome.INFO, null, null),
                delete("a", 40, 50, 2),
                delete("a", 41, 51, Outcome.INFO),
                new KeyOperation(KeyOperation.Kind.PUT, "3", "a", 60, 61, Outcome.OK, "z", null),
                holds("1", "a", "z", 3),
                tombstone("2", "a", 2),
                nothing("3", "a"));
    }

    @Test
    void roundTripsKeyLinesAndTheKeyspaceConfig() throws IOException {
        History h = everyKeyKind();

        List<String> lines = h.toJsonLines();

        assertThat(History.parse(lines)).isEqualTo(h);
        assertThat(lines.get(0))
                .isEqualTo("{\"type\":\"meta\",\"nodes\":{},"
                        + "\"keyspace\":{\"n\":3,\"r\":2,\"w\":2,\"sloppyQuorum\":false}}");
        assertThat(lines)
                .contains(
                        PUT.replace("\"invoke\":1,\"complete\":2", "\"invoke\":0,\"complete\":10"),
                        "{\"type\":\"kv\",\"op\":\"get\",\"node\":\"3\",\"key\":\"b\",\"invoke\":21,\"complete\":22,"
                                + "\"outcome\":\"ok\"}",
                        "{\"type\":\"kv\",\"op\":\"delete\",\"node\":\"2\",\"key\":\"a\",\"invoke\":40,\"complete\":50,"
                                + "\"outcome\":\"ok\",\"version\":2}",
                        "{\"type\":\"kvfinal\",\"node\":\"2\",\"key\":\"a\",\"deleted\":true,\"version\":2,\"at\":10000}",
                        "{\"type\":\"kvfinal\",\"node\":\"3\",\"key\":\"a\",\"at\":10000}");
    }

    @Test
    void historiesWithoutKeysReadAsBefore() throws IOException {
        History h = History.parse(List.of(OLD_OP));

        assertThat(h.keyOps()).isEmpty();
        assertThat(h.keyFinals()).isEmpty();
        assertThat(h.keyspace()).isNull();
        assertThat(h.toJsonLines()).containsExactly(OLD_OP);
        assertThat(HistoryChecker.check(h).report()).doesNotContain("key operations");
    }

    @Test
    void counterAndKeyLinesMixInOneHistory() throws IOException {
        History h = History.parse(List.of(OLD_OP, PUT));

        assertThat(h.ops()).hasSize(1);
        assertThat(h.keyOps()).singleElement().extracting(KeyOperation::value).isEqualTo("x");
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of(PUT.replace("\"op\":\"put\"", "\"op\":\"cas\""), "unknown key op \"cas\""),
                Arguments.of(PUT.replace("\"value\":\"x\",", ""), "a put needs the value it wrote"),
                Arguments.of(PUT.replace("\"key\":\"a\",", ""), "missing field \"key\""),
                Arguments.of(PUT.replace("\"value\":\"x\"", "\"value\":7"), "\"value\" must be a string"),
                Arguments.of(
                        PUT.replace("\"outcome\":\"ok\"", "\"outcome\":\"info\""), "only an ok put carries a version"),
                Arguments.of(PUT.replace("\"op\":\"put\"", "\"op\":\"delete\""), "a delete writes no value"),
                Arguments.of(
                        PUT.replace("\"op\":\"put\"", "\"op\":\"get\"").replace(",\"version\":1", ""),
                        "an ok get carries both value and version"),
                Arguments.of(
                        "{\"type\":\"kvfinal\",\"node\":\"1\",\"key\":\"a\",\"value\":\"x\",\"at\":1}",
                        "has its version"),
                Arguments.of(
                        "{\"type\":\"kvfinal\",\"node\":\"1\",\"key\":\"a\",\"deleted\":\"yes\",\"version\":1,\"at\":1}",
                        "\"deleted\" must be true or false"),
                Arguments.of(
                        "{\"type\":\"meta\",\"nodes\":{},\"keyspace\":{\"n\":3,\"r\":4,\"w\":2}}",
                        "keyspace needs 1 <= r, w <= n"),
                Arguments.of("{\"type\":\"meta\",\"nodes\":{},\"keyspace\":{\"n\":3,\"r\":2}}", "missing field \"w\""),
                Arguments.of(
                        "{\"type\":\"meta\",\"nodes\":{},\"keyspace\":{\"n\":99999999999,\"r\":2,\"w\":2}}", "line 3"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badLines")
    void namesTheBadLine(String badLine, String problem) {
        List<String> lines = List.of(OLD_OP, "", badLine);

        assertThatThrownBy(() -> History.parse(lines))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("line 3: ")
                .hasMessageContaining(problem);
    }
}

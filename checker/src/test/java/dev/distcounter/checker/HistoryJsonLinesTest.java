package dev.distcounter.checker;

import static dev.distcounter.checker.Entries.THREE_NODES;
import static dev.distcounter.checker.Entries.fail;
import static dev.distcounter.checker.Entries.fin;
import static dev.distcounter.checker.Entries.history;
import static dev.distcounter.checker.Entries.info;
import static dev.distcounter.checker.Entries.ok;
import static dev.distcounter.checker.Entries.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HistoryJsonLinesTest {
    private static final String META =
            "{\"type\":\"meta\",\"nodes\":{\"1\":{\"addr\":\"localhost:9000\",\"durable\":true}}}";
    private static final String OP =
            "{\"type\":\"op\",\"node\":\"1\",\"delta\":3,\"invoke\":1,\"complete\":2,\"outcome\":\"ok\"}";

    private static History everyKind() {
        return history(
                THREE_NODES,
                ok("1", 3, 100, 130, 3, 3),
                ok("2", -2, 90, 95),
                fail("3", 7, 140, 141),
                info("1", 4, 150, 190),
                new Operation("2", 1, 160, 170, Outcome.OK, null, 9L),
                read("3", 120, 125, 1, 5),
                new Read("2", 200, 210, Outcome.FAIL, null, null),
                new Fault("kill", "node 3", 135),
                new Fault("heal", "", 180),
                fin("1", 2, 8),
                fin("2", 2, 8),
                fin("3", 2, 8));
    }

    @Test
    void roundTripsThroughJsonLines() throws IOException {
        History h = everyKind();

        List<String> lines = h.toJsonLines();

        assertThat(History.parse(lines)).isEqualTo(h);
        assertThat(lines.get(0))
                .isEqualTo("{\"type\":\"meta\",\"nodes\":{"
                        + "\"1\":{\"addr\":\"localhost:9000\",\"durable\":true},"
                        + "\"2\":{\"addr\":\"localhost:9001\",\"durable\":true},"
                        + "\"3\":{\"addr\":\"localhost:9002\",\"durable\":false}}}");
        assertThat(lines)
                .contains("{\"type\":\"op\",\"node\":\"1\",\"delta\":3,\"invoke\":100,\"complete\":130,"
                        + "\"outcome\":\"ok\",\"value\":3,\"version\":3}");
    }

    @Test
    void writesEntriesAsATimelineWithoutReorderingAKind() {
        List<String> lines = everyKind().toJsonLines();

        // ok("1", 3, 100..) was recorded before ok("2", -2, 90..): the merge keeps that order.
        assertThat(lines.subList(1, lines.size()))
                .extracting(l -> l.substring(0, 18))
                .containsExactly(
                        "{\"type\":\"op\",\"node",
                        "{\"type\":\"op\",\"node",
                        "{\"type\":\"read\",\"no",
                        "{\"type\":\"fault\",\"w",
                        "{\"type\":\"op\",\"node",
                        "{\"type\":\"op\",\"node",
                        "{\"type\":\"op\",\"node",
                        "{\"type\":\"fault\",\"w",
                        "{\"type\":\"read\",\"no",
                        "{\"type\":\"final\",\"n",
                        "{\"type\":\"final\",\"n",
                        "{\"type\":\"final\",\"n");
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("history.jsonl");
        everyKind().write(file);

        assertThat(History.read(file)).isEqualTo(everyKind());
    }

    @Test
    void historyWithoutMetaHasNoNodesAndWritesNoMeta() throws IOException {
        History h = History.parse(List.of(OP));

        assertThat(h.nodes()).isEmpty();
        assertThat(h.isDurable("1")).isFalse();
        assertThat(h.toJsonLines()).containsExactly(OP);
    }

    @Test
    void ignoresUnknownFieldsAndBlankLines() throws IOException {
        History h = History.parse(List.of(
                "",
                META,
                "   ",
                "{\"type\":\"op\",\"node\":\"1\",\"delta\":-3,\"invoke\":1,\"complete\":2,\"outcome\":\"info\","
                        + "\"http\":503,\"client\":{\"id\":7}}",
                "{\"type\":\"fault\",\"what\":\"heal\",\"at\":5}"));

        assertThat(h.isDurable("1")).isTrue();
        assertThat(h.ops()).containsExactly(new Operation("1", -3, 1, 2, Outcome.INFO, null, null));
        assertThat(h.faults()).containsExactly(new Fault("heal", "", 5));
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("{\"type\":\"op\",\"node\":\"1\"", "malformed JSON"),
                Arguments.of("not json", "malformed JSON"),
                Arguments.of("[1,2]", "expected a JSON object"),
                Arguments.of(OP + " {}", "malformed JSON"),
                Arguments.of("{\"node\":\"1\"}", "missing field \"type\""),
                Arguments.of("{\"type\":\"write\",\"node\":\"1\"}", "unknown type \"write\""),
                Arguments.of(OP.replace("\"delta\":3,", ""), "missing field \"delta\""),
                Arguments.of(OP.replace("\"delta\":3", "\"delta\":\"3\""), "\"delta\" must be a 64-bit integer"),
                Arguments.of(OP.replace("\"delta\":3", "\"delta\":1.5"), "\"delta\" must be a 64-bit integer"),
                Arguments.of(OP.replace("\"delta\":3", "\"delta\":0"), "delta must be a non-zero"),
                Arguments.of(OP.replace("\"node\":\"1\"", "\"node\":1"), "\"node\" must be a string"),
                Arguments.of(OP.replace("\"complete\":2", "\"complete\":0"), "complete 0 is before invoke 1"),
                Arguments.of(OP.replace("\"ok\"", "\"maybe\""), "unknown outcome \"maybe\""),
                Arguments.of(OP.replace("\"outcome\":\"ok\"", "\"x\":1"), "missing field \"outcome\""),
                Arguments.of(
                        "{\"type\":\"read\",\"node\":\"2\",\"invoke\":1,\"complete\":2,\"outcome\":\"ok\","
                                + "\"value\":5}",
                        "an ok read needs both value and version"),
                Arguments.of("{\"type\":\"final\",\"node\":\"2\",\"value\":5,\"at\":9}", "missing field \"version\""),
                Arguments.of("{\"type\":\"fault\",\"what\":\"kill\"}", "missing field \"at\""),
                Arguments.of("{\"type\":\"meta\"}", "missing field \"nodes\""),
                Arguments.of(
                        "{\"type\":\"meta\",\"nodes\":{\"2\":{\"addr\":\"h:1\"}}}",
                        "missing field \"nodes.2.durable\""),
                Arguments.of(
                        "{\"type\":\"meta\",\"nodes\":{\"2\":{\"durable\":false}}}", "missing field \"nodes.2.addr\""),
                Arguments.of(
                        "{\"type\":\"meta\",\"nodes\":{\"2\":{\"addr\":\"h:1\",\"durable\":\"yes\"}}}",
                        "\"nodes.2.durable\" must be true or false"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badLines")
    void namesTheBadLine(String badLine, String problem) {
        // The bad line is line 3 of the file: an op, a blank line (still counted), then it.
        List<String> lines = List.of(OP, "", badLine, OP);

        assertThatThrownBy(() -> History.parse(lines))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("line 3: ")
                .hasMessageContaining(problem)
                .satisfies(e ->
                        assertThat(((HistoryFormatException) e).lineNumber()).isEqualTo(3));
    }

    @Test
    void refusesASecondMetaLine() {
        assertThatThrownBy(() -> History.parse(List.of(META, OP, META)))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessage("line 3: a second meta line (at most one is allowed)");
    }

    @Test
    void readReportsTheBadLineOfAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("h.jsonl");
        Files.write(file, List.of(META, OP, "{\"type\":\"op\"}"));

        assertThatThrownBy(() -> History.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("line 3: missing field \"node\"");
    }
}

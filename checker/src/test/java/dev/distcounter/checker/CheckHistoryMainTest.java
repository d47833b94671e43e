package dev.distcounter.checker;

import static dev.distcounter.checker.Entries.THREE_NODES;
import static dev.distcounter.checker.Entries.finals;
import static dev.distcounter.checker.Entries.history;
import static dev.distcounter.checker.Entries.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckHistoryMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CheckHistoryMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validHistoryExitsZero() throws IOException {
        Path file = dir.resolve("valid.jsonl");
        history(THREE_NODES, ok("1", 2, 0, 10), finals(THREE_NODES, 2, 2)).write(file);

        assertThat(run(file.toString())).isZero();
        assertThat(out().strip()).endsWith("\nVALID");
        assertThat(err()).isEmpty();
    }

    @Test
    void invalidHistoryExitsOne() throws IOException {
        Path file = dir.resolve("lost.jsonl");
        history(THREE_NODES, ok("1", 2, 0, 10), finals(THREE_NODES, 0, 0)).write(file);

        assertThat(run(file.toString())).isEqualTo(1);
        assertThat(out()).contains("lost write");
        assertThat(out().strip()).endsWith("\nINVALID");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("a.jsonl", "b.jsonl")).isEqualTo(2);
        assertThat(err()).contains("usage: CheckHistoryMain <history.jsonl>");
        assertThat(out()).isEmpty();
    }

    @Test
    void missingFileExitsTwo() {
        Path missing = dir.resolve("nope.jsonl");

        assertThat(run(missing.toString())).isEqualTo(2);
        assertThat(err()).contains("nope.jsonl: no such file");
    }

    @Test
    void malformedFileExitsTwoNamingTheLine() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.write(
                file,
                List.of(
                        "{\"type\":\"op\",\"node\":\"1\",\"delta\":2,\"invoke\":0,\"complete\":1,\"outcome\":\"ok\"}",
                        "{\"type\":\"op\",\"node\":\"1\",\"delta\":2,\"invoke\":0,\"complete\":1,\"outcome\":\"ok\""));

        assertThat(run(file.toString())).isEqualTo(2);
        assertThat(err()).contains("bad.jsonl: line 2: malformed JSON");
        assertThat(out()).isEmpty();
    }
}

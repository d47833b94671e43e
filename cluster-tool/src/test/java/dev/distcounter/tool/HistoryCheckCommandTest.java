package dev.distcounter.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.checker.HistoryRecorder;
import dev.distcounter.checker.KeyOperation;
import dev.distcounter.checker.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code history-check FILE}: exit 0 VALID, 1 INVALID, 2 for a usage error or a file it cannot read. */
class HistoryCheckCommandTest {
    @TempDir
    Path dir;

    /** Three durable nodes; an increment of 2 acknowledged by node 1; every node's final state. */
    private Path history(String name, long finalValue, long finalVersion) throws IOException {
        HistoryRecorder recorder = new HistoryRecorder();
        for (int node = 1; node <= 3; node++) {
            recorder.node(Integer.toString(node), "localhost:900" + node, true);
        }
        recorder.op("1", 2, 0, 10, Outcome.OK, 2L, 2L);
        for (int node = 1; node <= 3; node++) {
            recorder.finalRead(Integer.toString(node), finalValue, finalVersion, 20);
        }
        Path file = dir.resolve(name);
        recorder.history().write(file);
        return file;
    }

    @Test
    void aValidHistoryExitsZero() throws IOException {
        ToolRunner.Result result = ClusterToolMainRun.run(
                "history-check", history("valid.jsonl", 2, 2).toString());

        assertThat(result.exit()).isZero();
        assertThat(result.out().strip())
                .startsWith("operations: 1 (1 ok, 0 fail, 0 info)")
                .endsWith("\nVALID");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void anInvalidHistoryExitsOne() throws IOException {
        ToolRunner.Result result = ClusterToolMainRun.run(
                "history-check", history("lost.jsonl", 0, 0).toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("lost write");
        assertThat(result.out().strip()).endsWith("\nINVALID");
    }

    /** A keyspace history (R+W>N): a put, then a get that finds {@code read} at version {@code readVersion}. */
    private Path keyHistory(String name, String read, long readVersion) throws IOException {
        HistoryRecorder recorder = new HistoryRecorder().keyspace(3, 2, 2, false);
        recorder.keyOp(new KeyOperation(KeyOperation.Kind.PUT, "1", "k", 0, 10, Outcome.OK, "v1", 1L));
        recorder.keyOp(new KeyOperation(KeyOperation.Kind.GET, "2", "k", 20, 30, Outcome.OK, read, readVersion));
        for (int node = 1; node <= 3; node++) {
            recorder.keyFinalRead(Integer.toString(node), "k", "v1", false, 1L);
        }
        Path file = dir.resolve(name);
        recorder.history().write(file);
        return file;
    }

    @Test
    void checksKeyOperationsWhenTheHistoryHasThem() throws IOException {
        ToolRunner.Result result = ClusterToolMainRun.run(
                "history-check", keyHistory("kv.jsonl", "v1", 1).toString());

        assertThat(result.exit()).as(result.out()).isZero();
        assertThat(result.out().strip())
                .startsWith("key operations: 2 (put 1: 1 ok, 0 fail, 0 info;")
                .endsWith("\nVALID");
    }

    @Test
    void aKeyViolationExitsOne() throws IOException {
        ToolRunner.Result result = ClusterToolMainRun.run(
                "history-check", keyHistory("kv-ghost.jsonl", "ghost", 1).toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("key violations: 1", "value \"ghost\"", "never written");
        assertThat(result.out().strip()).endsWith("\nINVALID");
    }

    @Test
    void usageErrorsExitTwo() {
        ToolRunner.Result none = ClusterToolMainRun.run("history-check");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required parameter: 'FILE'");

        ToolRunner.Result two = ClusterToolMainRun.run("history-check", "a.jsonl", "b.jsonl");
        assertThat(two.exit()).isEqualTo(2);
        assertThat(two.err()).contains("Unmatched argument");

        ToolRunner.Result blank = ClusterToolMainRun.run("history-check", " ");
        assertThat(blank.exit()).isEqualTo(2);
        assertThat(blank.out()).isEmpty();
    }

    @Test
    void aMissingFileExitsTwo() {
        Path missing = dir.resolve("nope.jsonl");

        ToolRunner.Result result = ClusterToolMainRun.run("history-check", missing.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).isEqualTo(missing + ": no such file\n");
    }

    @Test
    void aMalformedFileExitsTwoNamingTheLine() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.write(
                file,
                List.of(
                        "{\"type\":\"op\",\"node\":\"1\",\"delta\":2,\"invoke\":0,\"complete\":1,\"outcome\":\"ok\"}",
                        "{\"type\":\"op\",\"node\":\"1\",\"delta\":2,\"invoke\":0,\"complete\":1,\"outcome\":\"ok\""));

        ToolRunner.Result result = ClusterToolMainRun.run("history-check", file.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("bad.jsonl: line 2: malformed JSON");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void withoutACommandTheUsageAndExitTwo() {
        ToolRunner.Result result = ClusterToolMainRun.run();

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: cluster-tool", "history-check", "simulate");
    }
}

package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark suite's command line: bad options are refused with exit code 2 and the usage
 * before anything is started or installed, also through {@code run-cluster.sh bench}. (The suite
 * itself measures and needs wrk; it is run by hand, never as a test.)
 */
class BenchScriptIT {
    @TempDir
    Path dir;

    private record Result(int exitCode, String output) {}

    private Result run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "bash",
                Path.of(System.getProperty("repo.root"))
                        .resolve(script)
                        .toAbsolutePath()
                        .normalize()
                        .toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("CLUSTER_DIR", dir.toString());
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(script + " " + String.join(" ", args) + " did not finish within 30 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void badOptionsAreRefusedWithUsageAndExitCode2() throws Exception {
        Result unknown = run("bench/run-bench.sh", "--fast");
        assertThat(unknown.exitCode()).as(unknown.output()).isEqualTo(2);
        assertThat(unknown.output()).contains("unknown option '--fast'").contains("Usage: bench/run-bench.sh");

        Result runs = run("bench/run-bench.sh", "--runs", "0");
        assertThat(runs.exitCode()).as(runs.output()).isEqualTo(2);
        assertThat(runs.output()).contains("--runs needs a whole number >= 1");

        Result duration = run("bench/run-bench.sh", "--quick", "--duration=soon");
        assertThat(duration.exitCode()).as(duration.output()).isEqualTo(2);
        assertThat(duration.output()).contains("--duration needs a whole number of seconds");

        Result throughScript = run("run-cluster.sh", "bench", "--fast");
        assertThat(throughScript.exitCode()).as(throughScript.output()).isEqualTo(2);
        assertThat(throughScript.output()).contains("unknown option '--fast'");
    }

    @Test
    void helpListsTheOptionsAndExitsZero() throws Exception {
        Result help = run("bench/run-bench.sh", "--help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("--quick", "--runs N", "--duration S", "--out FILE", "BENCH_PORT_BASE");
    }
}

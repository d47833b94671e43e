package dev.distcounter.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A script run by a test: started from a {@link ProcessBuilder} the caller set up (command,
 * directory, environment) with no input, its stdout and stderr together in a file, so it can run
 * in the background and be read while it runs; then waited for at most a timeout, past which it
 * and everything it started are killed. How it ended and everything it said go to a transcript,
 * which the test prints when it fails.
 */
final class BoundedCommand {
    private final String shown;
    private final Process process;
    private final Path out;
    private final long startNanos;

    /** How it ended: {@code finished} false when it was killed at the timeout (exit code -1). */
    record Ended(boolean finished, int exitCode, String output) {}

    private BoundedCommand(String shown, Process process, Path out, long startNanos) {
        this.shown = shown;
        this.process = process;
        this.out = out;
        this.startNanos = startNanos;
    }

    /** Starts {@code builder}'s command; its output goes to a new file in {@code outDir}. {@code shown} names it. */
    static BoundedCommand start(ProcessBuilder builder, String shown, Path outDir) throws IOException {
        Path out = Files.createTempFile(outDir, "script-", ".out");
        builder.redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        long t0 = System.nanoTime();
        return new BoundedCommand(shown, builder.start(), out, t0);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** What it has said so far. */
    String outputSoFar() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Waits at most {@code timeout}, kills it (and its descendants) if it still runs, and tells the transcript. */
    Ended finish(Duration timeout, StringBuilder transcript) throws IOException, InterruptedException {
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        String output = outputSoFar();
        Files.deleteIfExists(out);
        int exit = finished ? process.exitValue() : -1;
        transcript
                .append("$ ")
                .append(shown)
                .append("   (exit ")
                .append(finished ? Integer.toString(exit) : "TIMEOUT after " + timeout)
                .append(", ")
                .append(ms)
                .append(" ms)\n")
                .append(output)
                .append('\n');
        return new Ended(finished, exit, output);
    }
}

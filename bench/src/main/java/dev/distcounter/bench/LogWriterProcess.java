package dev.distcounter.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The parent's handle on a {@link LogWriter} child JVM: starts it, reads its READY line, ends it. */
final class LogWriterProcess {
    static final Duration READY_TIMEOUT = Duration.ofMinutes(20);
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    /** How the writer ends: SIGKILL after READY, or a clean close (shutdown snapshot) before it. */
    enum End {
        CRASH,
        CLOSE;

        String flag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the writer reported, and how long writing took (real time, JVM start included). */
    record Written(long value, long version, Duration took) {}

    private LogWriterProcess() {}

    static Written write(Path dir, long ops, End end, Path stderrFile) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java.toString(),
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LogWriter.class.getName(),
                        "--dir",
                        dir.toString(),
                        "--ops",
                        Long.toString(ops),
                        "--end",
                        end.flag()))
                .redirectError(stderrFile.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            String line = readyLine(process);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String[] parts = line.split(" ", -1);
            Written written = new Written(Long.parseLong(parts[1]), Long.parseLong(parts[2]), took);
            if (end == End.CRASH) {
                process.destroyForcibly(); // SIGKILL: no shutdown hook, no shutdown snapshot
            }
            if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("the log writer did not exit within " + EXIT_TIMEOUT);
            }
            return written;
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /** The READY line, waited for at most {@link #READY_TIMEOUT}. */
    private static String readyLine(Process process) throws IOException, InterruptedException {
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String line = ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (line == null) {
                throw new IOException("the log writer ended without READY (exit "
                        + (process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS) ? process.exitValue() : "?")
                        + "); see its stderr");
            }
            return line;
        } catch (TimeoutException e) {
            throw new IOException("the log writer printed no READY within " + READY_TIMEOUT);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }
}

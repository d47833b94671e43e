package dev.distcounter.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real node process restarted on a log: {@code java -jar counter-node.jar} as run-cluster.sh
 * starts it, timed from process start until {@code GET /counter} answers the expected value
 * (polled every 10 ms), then stopped by its handle (SIGTERM, bounded wait, SIGKILL if it hangs).
 */
final class NodeRestart {
    static final Duration POLL_EVERY = Duration.ofMillis(10);
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern COUNTER = Pattern.compile("Counter: (-?\\d+) \\(version (\\d+)\\)");
    private static final Pattern LOG_TIME =
            Pattern.compile("^(?:(\\d{4}-\\d{2}-\\d{2}) )?(\\d{2}:\\d{2}:\\d{2}\\.\\d{3})");

    /**
     * One restart.
     *
     * @param answered   process start until /counter answered the expected value
     * @param walOpened  process start until the node logged "WAL ... opened" (replay done), if seen
     * @param started    process start until the node logged "started as replica", if seen
     * @param stopped    the node exited with 0 within the stop timeout after SIGTERM
     */
    record Result(Duration answered, Optional<Duration> walOpened, Optional<Duration> started, boolean stopped) {}

    private final Path nodeJar;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    NodeRestart(Path nodeJar) {
        this.nodeJar = nodeJar;
    }

    /** Sets up the HTTP client's threads and classes before any timed run (they would count otherwise). */
    void warmUp() throws InterruptedException {
        try {
            poll(freePort());
        } catch (IOException expected) {
            // nothing listens there: only the client's start-up was wanted
        }
    }

    Result restart(Path walDir, long value, long version, Path logFile) throws IOException, InterruptedException {
        int gossipPort = freePort();
        int httpPort = freePort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java.toString(),
                        "-Xms32m",
                        "-Xmx128m",
                        "-XX:+UseSerialGC",
                        "-jar",
                        nodeJar.toString(),
                        "--addr=localhost:" + gossipPort,
                        "--http-port=" + httpPort,
                        "--http-bind=127.0.0.1",
                        "--discovery=none",
                        "--wal-dir=" + walDir))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        long wallStart = System.currentTimeMillis();
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            Duration answered = awaitAnswer(process, httpPort, value, version, start, logFile);
            boolean stopped = stop(process);
            List<String> log = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return new Result(
                    answered,
                    logged(log, ": opened (fsync", wallStart),
                    logged(log, "started as replica", wallStart),
                    stopped);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private Duration awaitAnswer(Process process, int httpPort, long value, long version, long start, Path logFile)
            throws IOException, InterruptedException {
        String expected = "Counter: " + value + " (version " + version + ")";
        long deadline = start + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "the node exited with " + process.exitValue() + " before answering; see " + logFile);
            }
            try {
                String body = poll(httpPort);
                long at = System.nanoTime();
                Matcher m = COUNTER.matcher(body);
                if (m.find() && m.group().equals(expected)) {
                    return Duration.ofNanos(at - start);
                }
                last = body.strip();
            } catch (ConnectException | HttpTimeoutException e) {
                // not listening yet
            }
            Thread.sleep(POLL_EVERY.toMillis());
        }
        throw new IOException("no \"" + expected + "\" from the node within " + READY_TIMEOUT + " (last: " + last
                + "); see " + logFile);
    }

    private String poll(int httpPort) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/counter"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** SIGTERM, the node's normal stop (it snapshots and exits 0); SIGKILL only if it does not stop in time. */
    private static boolean stop(Process process) throws InterruptedException {
        process.destroy();
        if (process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            return process.exitValue() == 0;
        }
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return false;
    }

    /** Time from process start to the first log line containing {@code marker}, by the line's own timestamp. */
    private static Optional<Duration> logged(List<String> log, String marker, long wallStart) {
        for (String line : log) {
            if (line.contains(marker)) {
                Matcher m = LOG_TIME.matcher(line);
                if (m.find()) {
                    LocalDate date =
                            m.group(1) != null ? LocalDate.parse(m.group(1)) : LocalDate.now(ZoneId.systemDefault());
                    long at = LocalDateTime.of(date, LocalTime.parse(m.group(2)))
                            .atZone(ZoneId.systemDefault())
                            .toInstant()
                            .toEpochMilli();
                    return Optional.of(Duration.ofMillis(at - wallStart));
                }
            }
        }
        return Optional.empty();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

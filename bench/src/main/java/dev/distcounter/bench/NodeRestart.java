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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real node process restarted on a log: {@code java -jar counter-node.jar} as run-cluster.sh
 * starts it, timed from process start until {@code GET /counter} answers the expected value
 * (polled every 10 ms), then stopped by its handle (SIGTERM, bounded wait, SIGKILL if it hangs).
 * {@link #launch} starts one with other flags, for other measurements of a started node.
 */
final class NodeRestart {
    static final Duration POLL_EVERY = Duration.ofMillis(10);
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    /** The JVM flags {@link #restart} starts a counter node with (a counter alone needs no more). */
    static final List<String> COUNTER_JVM_FLAGS = List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC");

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
            get(http, freePort(), "/counter");
        } catch (IOException expected) {
            // nothing listens there: only the client's start-up was wanted
        }
    }

    Result restart(Path walDir, long value, long version, Path logFile) throws IOException, InterruptedException {
        String expected = "Counter: " + value + " (version " + version + ")";
        Launched node = launch(walDir, COUNTER_JVM_FLAGS, List.of(), logFile);
        try {
            Duration answered = node.awaitAnswer(
                    "/counter",
                    body -> {
                        Matcher m = COUNTER.matcher(body);
                        return m.find() && m.group().equals(expected);
                    },
                    "\"" + expected + "\"");
            boolean stopped = stop(node.process());
            List<String> log = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return new Result(
                    answered,
                    logged(log, ": opened (fsync", node.wallStart()),
                    logged(log, "started as replica", node.wallStart()),
                    stopped);
        } finally {
            node.kill();
        }
    }

    /**
     * A node process started by {@link #launch}, alone ({@code --discovery=none}) on free loopback
     * ports; {@code startNanos} and {@code wallStart} are taken just before the process started.
     */
    record Launched(Process process, int httpPort, long startNanos, long wallStart, Path logFile, HttpClient http) {

        /**
         * Polls {@code path} every 10 ms until an answer's body satisfies {@code ready}; the time
         * from process start. Fails when the process exits or after {@link #READY_TIMEOUT}.
         */
        Duration awaitAnswer(String path, Predicate<String> ready, String expectation)
                throws IOException, InterruptedException {
            long deadline = startNanos + READY_TIMEOUT.toNanos();
            String last = "no answer";
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException(
                            "the node exited with " + process.exitValue() + " before answering; see " + logFile);
                }
                try {
                    String body = get(path);
                    long at = System.nanoTime();
                    if (ready.test(body)) {
                        return Duration.ofNanos(at - startNanos);
                    }
                    last = body.strip();
                } catch (ConnectException | HttpTimeoutException e) {
                    // not listening yet
                }
                Thread.sleep(POLL_EVERY.toMillis());
            }
            throw new IOException("no " + expectation + " from " + path + " within " + READY_TIMEOUT + " (last: " + last
                    + "); see " + logFile);
        }

        /** The body of {@code GET path}, whatever its status. */
        String get(String path) throws IOException, InterruptedException {
            return NodeRestart.get(http, httpPort, path);
        }

        /** SIGKILL if it still runs (the end of every use, also after a failure). */
        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /** {@code java FLAGS -jar counter-node.jar} alone on {@code walDir}, with {@code nodeArgs} after the usual ones. */
    Launched launch(Path walDir, List<String> jvmFlags, List<String> nodeArgs, Path logFile) throws IOException {
        int gossipPort = freePort();
        int httpPort = freePort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmFlags);
        command.addAll(List.of(
                "-jar",
                nodeJar.toString(),
                "--addr=localhost:" + gossipPort,
                "--http-port=" + httpPort,
                "--http-bind=127.0.0.1",
                "--discovery=none",
                "--wal-dir=" + walDir));
        command.addAll(nodeArgs);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
        long wallStart = System.currentTimeMillis();
        long start = System.nanoTime();
        return new Launched(builder.start(), httpPort, start, wallStart, logFile, http);
    }

    private static String get(HttpClient http, int httpPort, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** SIGTERM, the node's normal stop (it snapshots and exits 0); SIGKILL only if it does not stop in time. */
    static boolean stop(Process process) throws InterruptedException {
        process.destroy();
        if (process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            return process.exitValue() == 0;
        }
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return false;
    }

    /** Time from process start to the first log line containing {@code marker}, by the line's own timestamp. */
    static Optional<Duration> logged(List<String> log, String marker, long wallStart) {
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

package dev.distcounter.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code e2e/netns/netns-cluster.sh} run from a test: a cluster of separate hosts, one network
 * namespace per node, whose state (namespace names, PID files, logs, data) lives in
 * {@code dir}. Every command is bounded: past its timeout the script and whatever it started in
 * the foreground are killed by PID and the command reads as failed. Everything the script said
 * goes into {@link #transcript()}, to be printed when a test fails.
 *
 * <p>{@link #forceCleanUp()} is the last resort after {@code down}: the processes still named by a
 * PID file (only when their command line shows one of the cluster's jars) and the namespaces still
 * listed as made by this run.
 */
final class NamespaceCluster {
    /** The script's answer when namespaces cannot be made here, or the kernel has no netem. */
    static final int UNAVAILABLE = 3;

    private final Path script;
    private final Path dir;
    private final Map<String, String> env;
    private final List<String> jarNames;
    private final StringBuilder transcript = new StringBuilder();

    record Result(int exitCode, String output) {}

    NamespaceCluster(Path repoRoot, Path dir, Path counterNodeJar, Path discoveryJar) {
        this.script =
                repoRoot.resolve("e2e/netns/netns-cluster.sh").toAbsolutePath().normalize();
        this.dir = dir;
        this.jarNames = List.of(
                counterNodeJar.getFileName().toString(),
                discoveryJar.getFileName().toString());
        this.env = Map.of(
                "NETNS_DIR", dir.toString(),
                "COUNTER_NODE_JAR", counterNodeJar.toString(),
                "DISCOVERY_JAR", discoveryJar.toString(),
                "JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    Path script() {
        return script;
    }

    String transcript() {
        return transcript.toString();
    }

    /** Runs the script with {@code args}, waiting at most {@code timeout}; -1 as the exit code when it timed out. */
    Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        return finish(start(args), timeout);
    }

    /** Starts the script with {@code args} in the background (a simulation, while the test breaks the network). */
    BoundedCommand start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        return BoundedCommand.start(builder, "netns-cluster.sh " + String.join(" ", args), dir);
    }

    /** Waits for a background command, at most {@code timeout}, and records what it said. */
    Result finish(BoundedCommand running, Duration timeout) throws IOException, InterruptedException {
        BoundedCommand.Ended ended = running.finish(timeout, transcript);
        return new Result(ended.exitCode(), ended.output());
    }

    /** The run's namespace prefix ({@code dcnet-PID}) while a cluster is up. */
    Optional<String> prefix() throws IOException {
        Path state = dir.resolve("netns.env");
        if (!Files.isRegularFile(state)) {
            return Optional.empty();
        }
        return Files.readAllLines(state, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("PREFIX="))
                .map(line -> line.substring("PREFIX=".length()))
                .findFirst();
    }

    /** The network namespaces that exist now, by name. */
    static List<String> namespaces() throws IOException, InterruptedException {
        Process ip = new ProcessBuilder("ip", "netns", "list")
                .redirectErrorStream(true)
                .start();
        String out = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ip.waitFor(10, TimeUnit.SECONDS);
        // "dcnet-12-n1 (id: 3)"
        return out.lines().map(line -> line.split(" ", 2)[0]).toList();
    }

    /** After down: kills leftovers of ours by PID and deletes namespaces this run made, if any remain. */
    void forceCleanUp() throws IOException, InterruptedException {
        Path logs = dir.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path pidFile :
                        files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                    killIfOurs(Files.readString(pidFile).trim());
                }
            }
        }
        Optional<String> prefix = prefix();
        Path made = dir.resolve("namespaces");
        if (prefix.isPresent() && Files.isRegularFile(made)) {
            List<String> existing = namespaces();
            for (String ns : Files.readAllLines(made, StandardCharsets.UTF_8)) {
                if (ns.startsWith(prefix.get() + "-") && existing.contains(ns)) {
                    transcript.append("deleting leftover namespace ").append(ns).append('\n');
                    new ProcessBuilder("ip", "netns", "del", ns).start().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private void killIfOurs(String pidText) {
        if (!pidText.matches("[0-9]{1,9}")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pidText)).filter(ProcessHandle::isAlive).ifPresent(handle -> {
            String cmd = handle.info().commandLine().orElse("");
            if (jarNames.stream().anyMatch(cmd::contains)) {
                transcript
                        .append("killing leftover ")
                        .append(handle.pid())
                        .append(": ")
                        .append(cmd)
                        .append('\n');
                handle.destroyForcibly();
                handle.onExit()
                        .orTimeout(10, TimeUnit.SECONDS)
                        .exceptionally(e -> handle)
                        .join();
            }
        });
    }
}

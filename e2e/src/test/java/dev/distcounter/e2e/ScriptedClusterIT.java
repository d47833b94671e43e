package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.testsupport.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * What tests of {@code run-cluster.sh} start from: a 5-node cluster (plus the discovery server)
 * on free loopback ports, with logs and data in a temporary directory, never in the repository;
 * {@link #run} runs the script there. After each test the cluster is stopped, and anything still
 * alive from a PID file is killed by PID (only if its command line shows one of our jars).
 * Nothing is printed while the test passes; on failure, everything the script said and the tails
 * of the cluster's logs. The ports are outside the kernel's ephemeral range ({@link LoopbackPorts}).
 */
abstract class ScriptedClusterIT {
    static final int NODES = 5;
    static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    static final Duration SHORT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path clusterDir;

    final StringBuilder transcript = new StringBuilder();
    final StringBuilder diagnostics = new StringBuilder();
    final Set<Long> startedPids = new HashSet<>();
    private Path script;
    private Path counterNodeJar;
    private Path discoveryJar;
    private Map<String, String> env;

    @RegisterExtension
    final TestWatcher printOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.out.println("===== run-cluster.sh transcript =====");
            System.out.println(transcript);
            System.out.println("===== cluster logs (tails) =====");
            System.out.println(diagnostics);
        }
    };

    @BeforeEach
    void chooseFreePortsAndJars() throws IOException {
        script = Path.of(requiredProperty("repo.root"))
                .resolve("run-cluster.sh")
                .toAbsolutePath()
                .normalize();
        counterNodeJar =
                Path.of(requiredProperty("counter.node.jar")).toAbsolutePath().normalize();
        discoveryJar =
                Path.of(requiredProperty("discovery.jar")).toAbsolutePath().normalize();
        assertThat(script).as("the script under test").isRegularFile();
        assertThat(counterNodeJar).as("counter node jar (build it first)").isRegularFile();
        assertThat(discoveryJar).as("discovery server jar (build it first)").isRegularFile();

        int discoveryPort = LoopbackPorts.next();
        int baseTcp = LoopbackPorts.nextRange(NODES);
        int baseHttp = LoopbackPorts.nextRange(NODES);

        env = new LinkedHashMap<>();
        env.put("CLUSTER_DIR", clusterDir.toString());
        env.put("DISCOVERY_PORT", Integer.toString(discoveryPort));
        env.put("BASE_TCP_PORT", Integer.toString(baseTcp));
        env.put("BASE_HTTP_PORT", Integer.toString(baseHttp));
        env.put("NODE_COUNT", Integer.toString(NODES));
        env.put("COUNTER_NODE_JAR", counterNodeJar.toString());
        env.put("DISCOVERY_JAR", discoveryJar.toString());
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        transcript.append("environment: ").append(env).append('\n');
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (env == null) {
            return; // set-up failed before anything was started
        }
        collectLogTails();
        try {
            run(STOP_TIMEOUT, "stop");
        } finally {
            // Last resort: anything still listed in a PID file, or started by this test, dies by PID.
            Set<Long> leftovers = new HashSet<>(startedPids);
            leftovers.addAll(pidFiles().values());
            for (long pid : leftovers) {
                killIfOurs(pid);
            }
        }
    }

    record Result(int exitCode, String output) {}

    /** Remembers every PID in the PID files, so the end of the test can check they are gone. */
    void rememberPids() throws IOException {
        startedPids.addAll(pidFiles().values());
    }

    /** Runs {@code run-cluster.sh args} in the cluster directory, failing if it takes longer than {@code timeout}. */
    Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(script.toString());
        command.addAll(List.of(args));
        return execute(command, "run-cluster.sh " + String.join(" ", args), timeout);
    }

    /** Runs a command line with bash in the cluster directory, with the cluster's environment. */
    Result shell(Duration timeout, String commandLine) throws IOException, InterruptedException {
        return execute(List.of("bash", "-c", commandLine), commandLine, timeout);
    }

    /** The cluster's environment: CLUSTER_DIR, DISCOVERY_PORT, BASE_TCP_PORT, BASE_HTTP_PORT, ... */
    String setting(String name) {
        return env.get(name);
    }

    private Result execute(List<String> command, String shown, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(clusterDir.toFile());
        builder.environment().putAll(env);
        builder.environment().remove("NO_COLOR");
        BoundedCommand.Ended ended =
                BoundedCommand.start(builder, shown, clusterDir).finish(timeout, transcript);
        assertThat(ended.finished())
                .as("%s finished within %s; output so far:%n%s", shown, timeout, ended.output())
                .isTrue();
        return new Result(ended.exitCode(), ended.output());
    }

    /** PID file name -> PID, for every readable *.pid file in the cluster's logs directory. */
    Map<String, Long> pidFiles() throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>();
        Path logs = clusterDir.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return pids;
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .toList()) {
                try {
                    pids.put(
                            file.getFileName().toString(),
                            Long.parseLong(Files.readString(file).trim()));
                } catch (NumberFormatException | IOException e) {
                    transcript
                            .append("unreadable PID file ")
                            .append(file)
                            .append(": ")
                            .append(e)
                            .append('\n');
                }
            }
        }
        return pids;
    }

    /** Alive and not a zombie (an orphan nobody has reaped yet has exited all the same). */
    static boolean alive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isReadable(stat)) {
            try {
                String s = Files.readString(stat);
                String afterComm = s.substring(s.lastIndexOf(')') + 1).trim();
                char state = afterComm.isEmpty() ? '?' : afterComm.charAt(0);
                return state != 'Z' && state != 'X';
            } catch (IOException | UncheckedIOException e) {
                return false; // vanished while we looked
            }
        }
        return true;
    }

    /** Kills a leftover by PID, only when its command line shows it is one of the cluster's JVMs. */
    private void killIfOurs(long pid) {
        if (!alive(pid)) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(handle -> {
            String cmd = handle.info().commandLine().orElse("");
            if (cmd.contains(counterNodeJar.getFileName().toString())
                    || cmd.contains(discoveryJar.getFileName().toString())) {
                System.out.printf("killing leftover cluster process %d: %s%n", pid, cmd);
                handle.destroyForcibly();
                handle.onExit()
                        .orTimeout(10, TimeUnit.SECONDS)
                        .exceptionally(e -> handle)
                        .join();
            }
        });
    }

    private void collectLogTails() {
        Path logs = clusterDir.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                diagnostics.append("--- ").append(log.getFileName()).append(" (last 40 lines) ---\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size())
                        .forEach(line -> diagnostics.append(line).append('\n'));
            }
        } catch (IOException | UncheckedIOException e) {
            diagnostics.append("could not read the logs: ").append(e).append('\n');
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        assertThat(value).as("system property %s (set by the e2e pom)", name).isNotBlank();
        return value;
    }
}

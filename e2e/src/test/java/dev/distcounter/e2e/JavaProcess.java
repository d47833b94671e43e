package dev.distcounter.e2e;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One of the project's jars run as a separate JVM: {@code java <JVM_FLAGS> -jar <jar> <args>}, with
 * stdout and stderr appended to one log file (restarts append to the same file after a marker
 * line). Stopped only through its own {@link Process} handle: SIGTERM ({@link Process#destroy()})
 * or SIGKILL ({@link Process#destroyForcibly()}), always waiting with a timeout.
 */
abstract class JavaProcess implements AutoCloseable {
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(15);

    /** Every process still running, killed by a shutdown hook if the test JVM itself goes away. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "e2e-kill-children"));
    }

    private final String name;
    private final Path jar;
    private final Path workDir;
    private final Path logFile;
    private volatile Process process;
    private int launches;

    JavaProcess(String name, Path jar, Path workDir) {
        this.name = name;
        this.jar = jar;
        this.workDir = workDir;
        this.logFile = workDir.resolve(name + ".log");
    }

    /** The program's own arguments, the same on every launch. */
    protected abstract List<String> programArguments();

    /** Where it answers 200 "OK..." once it is ready. */
    abstract URI healthUri();

    final String name() {
        return name;
    }

    final Path logFile() {
        return logFile;
    }

    final int launches() {
        return launches;
    }

    /** Starts the JVM (first start or restart with the same arguments); does not wait for it. */
    final synchronized void launch() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        List<String> command = javaCommand(jar, programArguments());
        launches++;
        Files.createDirectories(workDir);
        Files.writeString(
                logFile,
                "---- e2e: launch #" + launches + " of " + name + ": " + String.join(" ", command)
                        + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process started = builder.start();
        RUNNING.add(started);
        var unused = started.onExit().thenRun(() -> RUNNING.remove(started));
        process = started;
    }

    final boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** "exited with code N", or "never started". */
    final String exitDescription() {
        Process p = process;
        if (p == null) {
            return "never started";
        }
        return p.isAlive() ? "running" : "exited with code " + p.exitValue();
    }

    final Process process() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process;
    }

    /** SIGTERM, then waits for the exit; returns the exit code. Fails (after a SIGKILL) on timeout. */
    final int sigterm(Duration timeout) throws InterruptedException {
        Process p = process();
        p.destroy();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError(
                    name + " did not exit within " + timeout + " of SIGTERM; log tail:\n" + logTail(30));
        }
        return p.exitValue();
    }

    /** SIGKILL, then waits (bounded) for the process to be gone. */
    final void sigkill() throws InterruptedException {
        Process p = process();
        p.destroyForcibly();
        if (!p.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " (pid " + p.pid() + ") still alive " + EXIT_TIMEOUT + " after SIGKILL");
        }
    }

    /** The whole log file (all launches). */
    final String log() {
        try {
            byte[] bytes = Files.readAllBytes(logFile);
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    final List<String> logLines() {
        return List.of(log().split("\\R"));
    }

    final String logTail(int lines) {
        List<String> all = logLines();
        return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** SIGKILLs the process if it still runs and waits (bounded) for it to be gone. */
    @Override
    public void close() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }

    static Path jarFromProperty(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (the e2e pom sets it)");
        }
        Path jar = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(property + "=" + jar + " does not exist; build the jars first"
                    + " or pass -D" + property + "=<path>");
        }
        return jar;
    }

    static Path counterNodeJar() {
        return jarFromProperty("counter.node.jar");
    }

    static Path discoveryJar() {
        return jarFromProperty("discovery.jar");
    }

    static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The JVM flags run-cluster.sh gives every node and discovery server (JAVA_OPTS in
     * conf/jvm-options.sh), and only the JIT's first tier: a test's process lives seconds to a
     * minute, and without the optimizing compiler's work it needs about a quarter less CPU, which
     * the test's other processes (and the second test fork) need on two cores. The nodes behave
     * the same; RunClusterScriptIT's, started by run-cluster.sh, run exactly the cluster's flags.
     */
    static final List<String> JVM_FLAGS = List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    static List<String> javaCommand(Path jar, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(JVM_FLAGS);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    /** What a short command-line run of a jar printed and returned. */
    record Completed(int exitCode, String stdout, String stderr) {}

    /** Runs a jar to completion (e.g. {@code --help}), stdout and stderr kept apart; bounded by {@code timeout}. */
    static Completed runToCompletion(Path jar, Path workDir, Duration timeout, String... args)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process p = new ProcessBuilder(javaCommand(jar, List.of(args)))
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        RUNNING.add(p);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError("java -jar " + jar.getFileName() + " " + String.join(" ", args)
                        + " did not exit within " + timeout + "; stdout:\n" + Files.readString(out)
                        + "\nstderr:\n" + Files.readString(err));
            }
            return new Completed(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            RUNNING.remove(p);
        }
    }
}

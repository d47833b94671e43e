package dev.distcounter.bench;

import ch.qos.logback.classic.Level;
import dev.distcounter.node.kvstore.ReplicaStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A whole node restarting on a keyspace log, and its memory with the keys loaded: fills a replica
 * log with {@code --keys} keys of {@code --value-bytes} bytes ({@link ReplicaRestart#fill}), then
 * starts a real node process on a fresh copy of it, {@code --repeats} times, alone and with
 * {@code -N 1 -R 1 -W 1} so that it answers reads of the keys it holds. Timed from process start
 * until its HTTP port answers ({@code GET /health}) and until the last key reads back
 * ({@code GET /kv/get/KEY}, 200), polled every 10 ms; then its memory ({@link NodeMemory}); then
 * SIGTERM, timed until it exits (it writes its shutdown snapshot first). The same node started on
 * an empty log first gives the memory the keys are compared against.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.distcounter.bench.KvNodeRestart --node-jar counter-node/target/counter-node.jar
 *      [--java-opts "-Xms32m -Xmx512m -XX:+UseSerialGC"] [--keys 1000000] [--value-bytes 100] [--repeats 3] [--dir /tmp]
 * </pre>
 *
 * The node's JVM flags: {@code --java-opts}, else the environment's {@code JAVA_OPTS} (what
 * bench/run-bench.sh gives every node, from conf/jvm-options.sh), else the flags above.
 * The filling runs in this JVM (give it a heap of about 1 GiB for a million keys). Markdown on
 * stdout, progress on stderr; the working directory under {@code --dir} is deleted at the end.
 */
public final class KvNodeRestart {
    static final String DEFAULT_JAVA_OPTS = "-Xms32m -Xmx512m -XX:+UseSerialGC";
    private static final double MIB = 1048576.0;
    private static final List<String> ALONE = List.of("-N", "1", "-R", "1", "-W", "1");

    private KvNodeRestart() {}

    /** One start of the node: times from process start, memory once the last key read back, stop time. */
    private record Start(
            Duration httpAnswered,
            Duration keyRead,
            Optional<Duration> storeOpened,
            NodeMemory memory,
            Duration stop) {}

    public static void main(String[] args) throws Exception {
        CommandLineFlags flags = CommandLineFlags.parseOrExit(
                "KvNodeRestart",
                "--node-jar JAR [--java-opts FLAGS] [--keys 1000000] [--value-bytes 100] [--repeats 3] [--dir /tmp]",
                args,
                "node-jar",
                "java-opts",
                "keys",
                "value-bytes",
                "repeats",
                "dir");
        RootLogLevel.set(Level.WARN);
        Path nodeJar = Path.of(flags.requiredText("node-jar"));
        String javaOptsEnv = System.getenv("JAVA_OPTS");
        String javaOptsDefault = javaOptsEnv == null || javaOptsEnv.isBlank() ? DEFAULT_JAVA_OPTS : javaOptsEnv;
        List<String> javaOpts = Arrays.stream(
                        flags.text("java-opts", javaOptsDefault).trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
        int keys = flags.integer("keys", 1_000_000);
        int valueBytes = flags.integer("value-bytes", 100);
        int repeats = flags.integer("repeats", 3);
        if (!Files.isRegularFile(nodeJar) || keys < 1 || repeats < 1) {
            System.err.println("KvNodeRestart: needs an existing --node-jar, --keys and --repeats of at least 1");
            System.exit(2);
            return;
        }
        Path root = Files.createTempDirectory(Files.createDirectories(Path.of(flags.text("dir", "/tmp"))), "kv-node-");
        try {
            System.out.print(measure(root, new NodeRestart(nodeJar), javaOpts, keys, valueBytes, repeats));
        } finally {
            BenchFiles.deleteRecursively(root);
        }
    }

    private static String measure(
            Path root, NodeRestart node, List<String> javaOpts, int keys, int valueBytes, int repeats)
            throws IOException, InterruptedException {
        node.warmUp();
        Path filled = root.resolve("filled");
        long fillStart = System.nanoTime();
        ReplicaRestart.fill(filled, keys, valueBytes, 5);
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        // the filling left this JVM's heap full of garbage: collected now, not during the node's start
        System.gc();
        Path kv = ReplicaStore.directory(ReplicaRestart.config(filled, false));
        LogOnDisk disk = LogOnDisk.of(kv);
        System.err.printf(Locale.ROOT, "filled %,d keys in %.1f s: %s%n", keys, fillSeconds, disk);

        Start empty = start(node, javaOpts, Files.createDirectories(root.resolve("empty")), null, root, "empty");
        LogCopies copies = new LogCopies(kv, root);
        String lastKey = ReplicaRestart.key(keys);
        Samples http = new Samples();
        Samples read = new Samples();
        Samples opened = new Samples();
        Samples rss = new Samples();
        Samples hwm = new Samples();
        Samples heap = new Samples();
        Samples stop = new Samples();
        for (int i = 1; i <= repeats; i++) {
            Path walDir = Files.createDirectories(root.resolve("node-" + i));
            Files.move(copies.fresh(), walDir.resolve(kv.getFileName()));
            onDisk(walDir);
            Start s = start(node, javaOpts, walDir, lastKey, root, "keys-" + i);
            http.add(millis(s.httpAnswered()));
            read.add(millis(s.keyRead()));
            s.storeOpened().ifPresent(d -> opened.add(millis(d)));
            rss.add(s.memory().rssKb() * 1024.0);
            hwm.add(s.memory().hwmKb() * 1024.0);
            s.memory().heapBytes().ifPresent(b -> heap.add((double) b));
            stop.add(millis(s.stop()));
            BenchFiles.deleteRecursively(walDir);
        }

        MarkdownTable table = new MarkdownTable(
                "log",
                "HTTP answers after",
                "last key reads back after",
                "replica store opened (node's log)",
                "VmRSS / VmHWM",
                "heap after a full GC",
                "SIGTERM to exit");
        table.row(
                "empty",
                ms(empty.httpAnswered()),
                ms(empty.keyRead()),
                empty.storeOpened().map(KvNodeRestart::ms).orElse("–"),
                mib(empty.memory().rssKb() * 1024.0) + " / "
                        + mib(empty.memory().hwmKb() * 1024.0),
                empty.memory().heapBytes().isPresent()
                        ? mib((double) empty.memory().heapBytes().getAsLong())
                        : "–",
                ms(empty.stop()));
        table.row(
                String.format(Locale.ROOT, "%,d keys", keys),
                range(http, 1, " ms"),
                range(read, 1, " ms"),
                opened.isEmpty() ? "–" : range(opened, 1, " ms"),
                range(rss, MIB, " MiB") + " / " + range(hwm, MIB, " MiB"),
                heap.isEmpty() ? "–" : range(heap, MIB, " MiB"),
                range(stop, 1, " ms"));
        String perKey = heap.isEmpty() || empty.memory().heapBytes().isEmpty()
                ? "not measured (no jcmd)"
                : String.format(
                        Locale.ROOT,
                        "%.0f bytes of heap and %.0f bytes of resident memory a key",
                        (heap.median() - empty.memory().heapBytes().getAsLong()) / keys,
                        (rss.median() - empty.memory().rssKb() * 1024.0) / keys);
        return "## A node restarting on " + String.format(Locale.ROOT, "%,d", keys) + " keys (" + repeats
                + " run" + (repeats == 1 ? "" : "s") + ")\n\n"
                + "`java " + String.join(" ", javaOpts) + " -jar counter-node.jar --discovery=none -N 1 -R 1 -W 1"
                + " --wal-dir=<fresh copy>` on a replica log of " + String.format(Locale.ROOT, "%,d", keys)
                + " keys of " + valueBytes + " bytes (filled in " + String.format(Locale.ROOT, "%.1f", fillSeconds)
                + " s; " + disk
                + "), on disk (forced) and in the page cache. Times from process start, polled every 10 ms;"
                + " memory once the last key read back (heap: `jcmd PID GC.run`, then the node's /metrics);"
                + " median (min – max). Against the same node on an empty log: " + perKey + ".\n\n"
                + table;
    }

    /** Starts the node on {@code walDir}, waits for it (and for {@code lastKey}, if any), measures, stops it. */
    private static Start start(
            NodeRestart node, List<String> javaOpts, Path walDir, String lastKey, Path root, String name)
            throws IOException, InterruptedException {
        Path logFile = root.resolve(name + ".log");
        NodeRestart.Launched launched = node.launch(walDir, javaOpts, ALONE, logFile);
        try {
            Duration http = launched.awaitAnswer("/health", body -> body.startsWith("OK"), "OK");
            // an empty log: any answer of the keyspace (404) shows it serves
            String path = "/kv/get/" + (lastKey == null ? "no-such-key" : lastKey);
            Duration read = launched.awaitAnswer(
                    path,
                    body -> body.contains(lastKey == null ? "\"found\":false" : "\"found\":true"),
                    lastKey == null ? "a 404" : "the key");
            NodeMemory memory = NodeMemory.of(launched.process().pid(), () -> launched.get("/metrics"));
            long stopStart = System.nanoTime();
            boolean stopped = NodeRestart.stop(launched.process());
            Duration stop = Duration.ofNanos(System.nanoTime() - stopStart);
            if (!stopped) {
                System.err.println("KvNodeRestart: the node did not stop cleanly on SIGTERM; see " + logFile);
            }
            Optional<Duration> opened = NodeRestart.logged(
                    Files.readAllLines(logFile, StandardCharsets.UTF_8), "key(s) recovered from", launched.wallStart());
            System.err.printf(
                    Locale.ROOT,
                    "%s: HTTP after %d ms, read after %d ms, store opened %s; RSS %d KiB (highest %d), heap %s; stop %d ms%n",
                    name,
                    http.toMillis(),
                    read.toMillis(),
                    opened.map(d -> d.toMillis() + " ms").orElse("?"),
                    memory.rssKb(),
                    memory.hwmKb(),
                    memory.heapBytes().isPresent() ? memory.heapBytes().getAsLong() + " B" : "?",
                    stop.toMillis());
            return new Start(http, read, opened, memory, stop);
        } finally {
            launched.kill();
        }
    }

    /**
     * Forces every file under {@code dir} to disk: a node restarts on a log that is on disk, and
     * the copy's dirty pages would otherwise be written back while it opens (on ext4, an fsync
     * during the open then waits for them: the first restart after a fill took twice as long).
     */
    private static void onDisk(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            try (FileChannel channel = FileChannel.open(f, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.0f ms", millis(d));
    }

    private static String mib(double bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / MIB);
    }

    /** {@code median (min – max)} of the values divided by {@code unitSize}; the value alone for one. */
    private static String range(Samples s, double unitSize, String unit) {
        if (s.count() == 1) {
            return String.format(Locale.ROOT, "%.0f%s", s.median() / unitSize, unit);
        }
        return String.format(
                Locale.ROOT,
                "%.0f%s (%.0f – %.0f)",
                s.median() / unitSize,
                unit,
                s.min() / unitSize,
                s.max() / unitSize);
    }
}

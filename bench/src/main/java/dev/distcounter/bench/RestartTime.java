package dev.distcounter.bench;

import ch.qos.logback.classic.Level;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.StorageConfig;
import dev.distcounter.wal.RecoveryReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Restart time against log size: a child JVM logs 1 million and 10 million operations with
 * snapshots on ({@link LogWriter}) and is killed (SIGKILL) or closes cleanly; then the store is
 * reopened in this JVM, and a real node process is started on the log, each from a fresh copy of
 * the writer's bytes ({@link LogCopies}).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.distcounter.bench.RestartTime [--ops 1000000,10000000] [--dir /tmp]
 *      [--repeats 3] [--node-jar counter-node/target/counter-node.jar]
 * </pre>
 *
 * {@code --dir} is where a fresh working directory is made (and deleted at the end). Markdown on
 * stdout, progress on stderr.
 */
public final class RestartTime {
    /** Opened as the node opens it by default: fsync on, 64 MiB segments, snapshot every 100,000 records. */
    static StorageConfig nodeDefaults(Path dir) {
        return new StorageConfig(true, true, dir, LogWriter.MAX_SEGMENT_BYTES, LogWriter.SNAPSHOT_EVERY, false);
    }

    /** Untimed opens before the timed ones; with one, the first log measured was still partly interpreted. */
    static final int WARM_UP_OPENS = 3;

    /** LOCAL records of the writer's name are 61 bytes on disk; room for every one of them unsnapshotted, twice. */
    static final long BYTES_NEEDED_PER_OP = 2 * 61;

    private RestartTime() {}

    public static void main(String[] args) throws Exception {
        CommandLineFlags flags = CommandLineFlags.parseOrExit(
                "RestartTime",
                "[--ops 1000000,10000000] [--dir /tmp]"
                        + " [--repeats 3] [--node-jar counter-node/target/counter-node.jar]",
                args,
                "ops",
                "dir",
                "repeats",
                "node-jar");
        RootLogLevel.set(Level.WARN);
        List<Long> opsList = flags.numbers("ops", "1000000,10000000");
        int repeats = flags.integer("repeats", 3);
        Path parent = Path.of(flags.text("dir", "/tmp"));
        Path nodeJar = Path.of(flags.text("node-jar", "counter-node/target/counter-node.jar"));
        if (!Files.isRegularFile(nodeJar)) {
            System.err.println("RestartTime: no node jar at " + nodeJar + " (build counter-node, or pass --node-jar)");
            System.exit(2);
            return;
        }
        Files.createDirectories(parent);
        long needed = opsList.stream().mapToLong(Long::longValue).max().orElse(0) * BYTES_NEEDED_PER_OP;
        long usable = Files.getFileStore(parent).getUsableSpace();
        if (usable < needed) {
            System.err.printf(
                    Locale.ROOT,
                    "RestartTime: %s has %d MiB free; this run may need %d MiB%n",
                    parent,
                    usable >> 20,
                    needed >> 20);
            System.exit(2);
            return;
        }
        Path root = Files.createTempDirectory(parent, "restart-time-");
        long started = System.nanoTime();
        try {
            System.out.print(measureAll(root, opsList, repeats, new NodeRestart(nodeJar), nodeJar));
        } finally {
            BenchFiles.deleteRecursively(root);
        }
        System.out.printf(Locale.ROOT, "%nTotal real time %.0f s.%n", (System.nanoTime() - started) / 1e9);
    }

    private static String measureAll(Path root, List<Long> opsList, int repeats, NodeRestart node, Path nodeJar)
            throws IOException, InterruptedException {
        node.warmUp();
        MarkdownTable table = new MarkdownTable(
                "operations logged",
                "writer ended by",
                "writing took",
                "log on disk",
                "snapshot covers",
                "records replayed",
                "open in JVM: median (min – max)",
                "node process: `/counter` answers after: median (min – max)",
                "node's log, from process start: WAL opened / started (median)");
        for (long ops : opsList) {
            for (LogWriterProcess.End end : LogWriterProcess.End.values()) {
                Path log = root.resolve("ops-" + ops + "-" + end.flag());
                Files.createDirectories(log);
                System.err.printf(Locale.ROOT, "writing %,d operations, then %s ...%n", ops, end.flag());
                LogWriterProcess.Written written =
                        LogWriterProcess.write(log, ops, end, root.resolve(log.getFileName() + "-writer.stderr"));
                LogOnDisk disk = LogOnDisk.of(log);
                System.err.printf(
                        Locale.ROOT,
                        "  written in %.1f s: value %d, version %d; %s%n",
                        written.took().toMillis() / 1000.0,
                        written.value(),
                        written.version(),
                        disk);
                LogCopies copies = new LogCopies(log, root);

                for (int i = 0; i < WARM_UP_OPENS; i++) {
                    openOnce(copies.fresh(), written); // class loading and JIT of the recovery path, untimed
                }
                Samples openMillis = new Samples();
                RecoveryReport recovery = null;
                for (int i = 0; i < repeats; i++) {
                    Opened opened = openOnce(copies.fresh(), written);
                    openMillis.add(opened.took.toNanos() / 1e6);
                    recovery = opened.recovery;
                    System.err.printf(
                            Locale.ROOT,
                            "  open %d: %.1f ms, replayed %,d after snapshot %,d%n",
                            i + 1,
                            opened.took.toNanos() / 1e6,
                            recovery.recordsReplayed(),
                            recovery.snapshotSequence());
                }

                Samples answered = new Samples();
                Samples walOpened = new Samples();
                Samples nodeStarted = new Samples();
                for (int i = 0; i < repeats; i++) {
                    Path copy = copies.fresh();
                    NodeRestart.Result r = node.restart(
                            copy,
                            written.value(),
                            written.version(),
                            root.resolve(log.getFileName() + "-node-" + (i + 1) + ".log"));
                    answered.add(r.answered().toNanos() / 1e6);
                    r.walOpened().ifPresent(d -> walOpened.add((double) d.toMillis()));
                    r.started().ifPresent(d -> nodeStarted.add((double) d.toMillis()));
                    System.err.printf(
                            Locale.ROOT,
                            "  node process %d: answered after %d ms (WAL opened %s, started" + " %s)%s%n",
                            i + 1,
                            r.answered().toMillis(),
                            millis(r.walOpened()),
                            millis(r.started()),
                            r.stopped() ? "" : "; did NOT stop cleanly on SIGTERM");
                    BenchFiles.deleteRecursively(copy);
                }
                table.row(
                        String.format(Locale.ROOT, "%,d", ops),
                        end == LogWriterProcess.End.CRASH ? "SIGKILL" : "clean close (shutdown snapshot)",
                        String.format(Locale.ROOT, "%.1f s", written.took().toMillis() / 1000.0),
                        disk,
                        String.format(Locale.ROOT, "%,d of %,d", recovery.snapshotSequence(), recovery.lastSequence()),
                        String.format(Locale.ROOT, "%,d", recovery.recordsReplayed()),
                        range(openMillis, 1),
                        range(answered, 0),
                        (walOpened.isEmpty() ? "–" : String.format(Locale.ROOT, "%.0f ms", walOpened.median()))
                                + " / "
                                + (nodeStarted.isEmpty()
                                        ? "–"
                                        : String.format(Locale.ROOT, "%.0f ms", nodeStarted.median())));
                BenchFiles.deleteRecursively(log);
            }
        }
        return "## Restart time against log size (" + repeats + " runs each)\n\n"
                + "Writer: a child JVM opens a store (`CounterStore.open`, fsync off to build quickly, 64 MiB"
                + " segments, `--wal-snapshot-every` 100,000), logs the operations (every tenth a decrement),"
                + " checks for a due snapshot after every 10,000 (the node checks once a second), skipping the"
                + " check after the last batch so the tail after the newest snapshot is as long as the setting"
                + " allows, forces the log, prints its value and is killed with SIGKILL (no shutdown snapshot)"
                + " or closes the store cleanly. Every measurement starts from a fresh copy of the writer's"
                + " files, in the page cache. Open in JVM: `CounterStore.open` with the node's defaults (fsync"
                + " on: the new incarnation record is forced), after " + WARM_UP_OPENS + " untimed warm-up opens"
                + " of other copies; the value and version are checked. Node process: `java -Xms32m -Xmx128m"
                + " -XX:+UseSerialGC -jar " + nodeJar
                + " --discovery=none --wal-dir=<copy>`, from process start until `GET /counter` (polled every"
                + " 10 ms) answers the writer's value and version; then SIGTERM. The node's log timestamps"
                + " (millisecond wall clock) place WAL opened (replay done) and started (HTTP up) within that.\n\n"
                + table;
    }

    private record Opened(Duration took, RecoveryReport recovery) {}

    private static Opened openOnce(Path copy, LogWriterProcess.Written written) throws IOException {
        long start = System.nanoTime();
        CounterStore store = CounterStore.open("localhost:9001", nodeDefaults(copy), System::currentTimeMillis);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        try {
            PNCounter state = store.current();
            if (state.value() != written.value() || state.version() != written.version()) {
                throw new IllegalStateException("reopened " + copy + " holds value " + state.value() + " version "
                        + state.version() + ", the writer reported " + written.value() + " version "
                        + written.version());
            }
            return new Opened(took, store.recovery().orElseThrow());
        } finally {
            store.close();
            BenchFiles.deleteRecursively(copy);
        }
    }

    private static String range(Samples ms, int decimals) {
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " ms (" + f + " – " + f + ")", ms.median(), ms.min(), ms.max());
    }

    private static String millis(Optional<Duration> d) {
        return d.map(x -> x.toMillis() + " ms").orElse("not logged");
    }
}

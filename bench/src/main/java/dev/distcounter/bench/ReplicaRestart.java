package dev.distcounter.bench;

import ch.qos.logback.classic.Level;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.storage.StorageConfig;
import dev.distcounter.wal.RecoveryReport;
import dev.distcounter.wal.WalObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Restart time and memory of a replica store: fills one with {@code --keys} keys
 * ({@code key-0000001}, ...) of {@code --value-bytes} ASCII bytes each, as a node's log would
 * look (the node's defaults but fsync off, a due snapshot checked every 10,000 writes, the
 * shutdown snapshot at the end), then times {@link ReplicaStore#open} on it, and measures the heap
 * the opened store holds (heap used after {@code System.gc()}, with the store, minus before it).
 *
 * <pre>
 * java -Xmx2g -cp bench/target/benchmarks.jar dev.distcounter.bench.ReplicaRestart [--keys 1000000]
 *      [--value-bytes 100] [--writers 5] [--runs 5] [--warm-up 2] [--dir /tmp | --log DIR]
 * </pre>
 *
 * {@code --dir}: where a fresh working directory is made and deleted at the end. {@code --log}:
 * use this directory and keep it, filling it only if it holds no replica log yet; with
 * {@code --warm-up 0 --runs 1} the open is a cold one, in a JVM that has not run the replay code
 * before (a node's restart). Markdown on stdout, progress on stderr. The files are in the page
 * cache when opened.
 */
public final class ReplicaRestart {
    private ReplicaRestart() {}

    public static void main(String[] args) throws Exception {
        CommandLineFlags flags = CommandLineFlags.parseOrExit(
                "ReplicaRestart",
                "[--keys 1000000] [--value-bytes 100] [--writers 5] [--runs 5] [--warm-up 2] [--dir /tmp | --log DIR]",
                args,
                "keys",
                "value-bytes",
                "writers",
                "runs",
                "warm-up",
                "dir",
                "log");
        RootLogLevel.set(Level.WARN);
        int keys = flags.integer("keys", 1_000_000);
        int valueBytes = flags.integer("value-bytes", 100);
        int writers = flags.integer("writers", 5);
        int runs = flags.integer("runs", 5);
        int warmUp = flags.integer("warm-up", 2);
        String kept = flags.text("log", "");
        if (!kept.isEmpty()) {
            System.out.print(measure(Files.createDirectories(Path.of(kept)), keys, valueBytes, writers, warmUp, runs));
            return;
        }
        Path parent = Files.createDirectories(Path.of(flags.text("dir", "/tmp")));
        Path root = Files.createTempDirectory(parent, "replica-restart-");
        try {
            System.out.print(measure(root, keys, valueBytes, writers, warmUp, runs));
        } finally {
            BenchFiles.deleteRecursively(root);
        }
    }

    static StorageConfig config(Path dir, boolean fsync) {
        return new StorageConfig(true, fsync, dir, LogWriter.MAX_SEGMENT_BYTES, LogWriter.SNAPSHOT_EVERY, false);
    }

    private static String measure(Path root, int keys, int valueBytes, int writers, int warmUp, int runs)
            throws Exception {
        Path kv = ReplicaStore.directory(config(root, true));
        String filled = "an existing log";
        if (!Files.isDirectory(kv)) {
            long fillStart = System.nanoTime();
            double closeMillis = fill(root, keys, valueBytes, writers);
            filled = String.format(
                    Locale.ROOT,
                    "%.1f s by %d writer names, the shutdown snapshot of which took %.0f ms",
                    (System.nanoTime() - fillStart) / 1e9,
                    writers,
                    closeMillis);
        }
        LogOnDisk disk = LogOnDisk.of(kv);
        System.err.printf(Locale.ROOT, "filled: %s; %s%n", filled, disk);

        for (int i = 0; i < warmUp; i++) {
            openOnce(root, keys); // class loading and JIT of the replay path, untimed
        }
        Samples millis = new Samples();
        Samples heapMib = new Samples();
        RecoveryReport recovery = null;
        for (int i = 0; i < runs; i++) {
            Opened opened = openOnce(root, keys);
            millis.add(opened.nanos / 1e6);
            heapMib.add(opened.heapBytes / 1048576.0);
            recovery = opened.recovery;
            System.err.printf(
                    Locale.ROOT,
                    "open %d: %.0f ms, heap held %.1f MiB%n",
                    i + 1,
                    opened.nanos / 1e6,
                    opened.heapBytes / 1048576.0);
        }
        MarkdownTable table = new MarkdownTable(
                "keys",
                "value bytes",
                "on disk (kv/)",
                "records replayed",
                "open: median (min – max)",
                "heap held after open: median",
                "heap per key");
        table.row(
                String.format(Locale.ROOT, "%,d", keys),
                String.valueOf(valueBytes),
                disk.toString(),
                String.format(
                        Locale.ROOT, "%,d after snapshot %,d", recovery.recordsReplayed(), recovery.snapshotSequence()),
                String.format(Locale.ROOT, "%.0f ms (%.0f – %.0f)", millis.median(), millis.min(), millis.max()),
                String.format(Locale.ROOT, "%.1f MiB", heapMib.median()),
                String.format(Locale.ROOT, "%.0f B", heapMib.median() * 1048576.0 / keys));
        return "## Replica store: restart and memory (" + runs + " runs, after " + warmUp + " untimed opens)\n\n"
                + "JVM: " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, max heap "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB, flags "
                + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                + ". Filled: " + filled + ".\n\n"
                + table;
    }

    /**
     * Writes the keys as a node would log them, fsync off to build quickly; closing writes the
     * shutdown snapshot. Returns how long closing took, in milliseconds.
     */
    static double fill(Path root, int keys, int valueBytes, int writers) throws IOException {
        char[] filler = new char[valueBytes];
        ReplicaStore store = ReplicaStore.open("bench", config(root, false), WalObserver.NONE);
        try {
            CompletableFuture<?> last = CompletableFuture.completedFuture(null);
            for (int i = 1; i <= keys; i++) {
                Arrays.fill(filler, (char) ('a' + i % 26));
                Version version = new Version(1 + i % 3, "127.0.0." + (1 + i % writers) + ":7946", i);
                last = store.apply(key(i), Versioned.value(version, new String(filler)));
                if (i % 10_000 == 0 && i < keys) { // the last batch is left to the shutdown snapshot
                    last.join();
                    store.snapshotIfDue();
                }
            }
            last.join();
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        long closing = System.nanoTime();
        store.close();
        return (System.nanoTime() - closing) / 1e6;
    }

    static String key(int i) {
        return String.format(Locale.ROOT, "key-%07d", i);
    }

    private record Opened(long nanos, long heapBytes, RecoveryReport recovery) {}

    private static Opened openOnce(Path root, int keys) throws IOException {
        long before = heapUsedAfterGc();
        long start = System.nanoTime();
        ReplicaStore store = ReplicaStore.open("bench", config(root, true), WalObserver.NONE);
        long nanos = System.nanoTime() - start;
        try {
            if (store.size() != keys || store.get(key(keys)) == null) {
                throw new IllegalStateException("opened " + store.size() + " keys, expected " + keys);
            }
            long heap = heapUsedAfterGc() - before;
            return new Opened(nanos, heap, store.recovery().orElseThrow());
        } finally {
            store.close();
        }
    }

    private static long heapUsedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}

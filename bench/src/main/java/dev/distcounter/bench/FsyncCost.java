package dev.distcounter.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * What one append and {@code fdatasync} costs this machine: the time of the force, and the CPU
 * the whole machine spends per append (from {@code /proc/stat}, all cores: the kernel's journal
 * and block threads and the interrupts count too, which a process's own CPU time misses). Two
 * ways: appending to a growing file (as the WAL does: every force also commits the file's new
 * size to the journal), and overwriting a file written with zeros and forced beforehand (a
 * pre-allocated segment: only the data is forced).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.distcounter.bench.FsyncCost --dir DIR [--appends 5000] [--bytes 200]
 * </pre>
 *
 * Run it on an otherwise idle machine: the CPU figure counts every process.
 */
public final class FsyncCost {
    private FsyncCost() {}

    public static void main(String[] args) throws IOException {
        CommandLineFlags a = CommandLineFlags.parseOrExit(
                "FsyncCost", "--dir DIR [--appends 5000] [--bytes 200]", args, "dir", "appends", "bytes");
        Path dir = Path.of(a.requiredText("dir"));
        int appends = a.integer("appends", 5000);
        int bytes = a.integer("bytes", 200);
        Files.createDirectories(dir);
        Path file = dir.resolve("fsync-cost.dat");
        try {
            for (boolean preallocated : new boolean[] {false, true}) {
                measure(file, preallocated, appends, bytes);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void measure(Path file, boolean preallocated, int appends, int bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            if (preallocated) {
                ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
                for (long written = 0; written < (long) appends * bytes; written += 1 << 20) {
                    zeros.clear();
                    channel.write(zeros);
                }
                channel.force(true);
                channel.position(0);
            }
            ByteBuffer record = ByteBuffer.allocateDirect(bytes);
            long[] forces = new long[appends];
            long busyBefore = busyTicks();
            long started = System.nanoTime();
            for (int i = 0; i < appends; i++) {
                record.clear();
                channel.write(record);
                long t = System.nanoTime();
                channel.force(false);
                forces[i] = System.nanoTime() - t;
            }
            long wall = System.nanoTime() - started;
            long busyAfter = busyTicks();
            Arrays.sort(forces);
            // /proc/stat counts in USER_HZ ticks (100 per second on Linux): 10,000 µs each
            double busyMicros = (busyAfter - busyBefore) * 10_000.0;
            System.out.printf(
                    Locale.ROOT,
                    "RESULT file=%s appends=%d bytes=%d wall_us_per_append=%.1f machine_cpu_us_per_append=%.1f"
                            + " force_p50_us=%.1f force_p99_us=%.1f%n",
                    preallocated ? "preallocated" : "growing",
                    appends,
                    bytes,
                    wall / 1e3 / appends,
                    busyMicros / appends,
                    forces[appends / 2] / 1e3,
                    forces[appends * 99 / 100] / 1e3);
        }
    }

    /**
     * The machine's busy ticks, from the first line of /proc/stat: user, nice, system, irq, softirq
     * and steal (not idle and iowait; guest time is already inside user).
     */
    private static long busyTicks() throws IOException {
        String[] fields =
                Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += Long.parseLong(fields[i]);
        }
        return busy;
    }
}

package dev.distcounter.bench;

import dev.distcounter.wal.ReplayHandler;
import dev.distcounter.wal.WalConfig;
import dev.distcounter.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appends of 64-byte records. Run with {@code -t N} for N concurrent appenders, e.g.
 * {@code java -jar bench/target/benchmarks.jar WalAppendBenchmark.appendAndWait -p fsync=true -t 64}.
 *
 * <ul>
 *   <li>{@code appendAndWait}: each appender waits for its record to be durable before the next,
 *       as an HTTP handler does; with fsync on, concurrent appenders share fsyncs (group commit).</li>
 *   <li>{@code appendPipelined}: one appender keeps up to {@value #WINDOW} appends in flight and
 *       waits for the oldest, so the figure is the log's own write rate, not a thread hand-off.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class WalAppendBenchmark {
    static final int WINDOW = 1024;
    static final byte[] PAYLOAD = new byte[64];

    @State(Scope.Benchmark)
    public static class Log {
        @Param({"true", "false"})
        public boolean fsync;

        Path dir;
        WriteAheadLog wal;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("wal-bench");
            wal = WriteAheadLog.open(WalConfig.defaults(dir).withFsync(fsync), ReplayHandler.IGNORE);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            wal.close();
            BenchFiles.deleteRecursively(dir);
        }
    }

    @State(Scope.Thread)
    public static class InFlight {
        final CompletableFuture<?>[] ring = new CompletableFuture<?>[WINDOW];
        int next;

        @TearDown(Level.Iteration)
        public void drain() {
            for (CompletableFuture<?> f : ring) {
                if (f != null) {
                    f.join();
                }
            }
        }
    }

    @Benchmark
    public long appendAndWait(Log log) {
        return log.wal.append((byte) 1, PAYLOAD).join();
    }

    @Benchmark
    public void appendPipelined(Log log, InFlight inFlight) {
        int slot = inFlight.next++ & (WINDOW - 1);
        CompletableFuture<?> oldest = inFlight.ring[slot];
        if (oldest != null) {
            oldest.join();
        }
        inFlight.ring[slot] = log.wal.append((byte) 1, PAYLOAD);
    }
}

package dev.distcounter.bench;

import dev.distcounter.wal.ReplayHandler;
import dev.distcounter.wal.WalConfig;
import dev.distcounter.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Opening (recovering and replaying) a log of one million 64-byte records; the score is records
 * per second. The files stay in the page cache between invocations, so this measures the
 * reader (checksums, parsing, hand-off), not the disk.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class WalReplayBenchmark {
    static final int RECORDS = 1_000_000;

    Path dir;

    @Setup(Level.Trial)
    public void writeLog() throws IOException {
        dir = Files.createTempDirectory("wal-replay-bench");
        byte[] payload = new byte[64];
        try (WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(dir).withFsync(false), ReplayHandler.IGNORE)) {
            CompletableFuture<Long> last = null;
            for (int i = 0; i < RECORDS; i++) {
                ByteBuffer.wrap(payload).putLong(0, i);
                last = wal.append((byte) 1, payload.clone());
            }
            // records are written in order: once the last is, all are (and a failed write shows here)
            last.join();
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        BenchFiles.deleteRecursively(dir);
    }

    /** Sums the first long of every payload so the replay cannot be optimised away. */
    static final class Summing implements ReplayHandler {
        long records;
        long sum;

        @Override
        public void onSnapshot(long coveredSequence, ByteBuffer state) {}

        @Override
        public void onRecord(long sequence, byte type, ByteBuffer payload) {
            records++;
            sum += payload.getLong(payload.position());
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long replay() throws IOException {
        Summing handler = new Summing();
        WriteAheadLog.open(WalConfig.defaults(dir).withFsync(false), handler).close();
        if (handler.records != RECORDS) {
            throw new IllegalStateException("replayed " + handler.records + " records, expected " + RECORDS);
        }
        return handler.sum;
    }
}

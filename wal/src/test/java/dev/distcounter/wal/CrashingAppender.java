package dev.distcounter.wal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Child process for {@link CrashRecoveryTest}: opens the log (fsync on), prints {@code READY n}
 * with the number of ids it replayed, then appends forever from four threads, printing
 * {@code ACK id} only after each append's future completed, and snapshots now and then.
 * Its state (a list of ids) is not idempotent under replay, so "apply and append" and "snapshot"
 * exclude each other (the second pattern in {@link WriteAheadLog}'s snapshot contract).
 * It never exits by itself; the test kills it with SIGKILL.
 */
public final class CrashingAppender {
    private CrashingAppender() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long run = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        Replayed state = new Replayed();
        WriteAheadLog wal = WriteAheadLog.open(WalConfig.defaults(dir).withMaxSegmentBytes(64 * 1024), state);
        List<Long> applied = state.ids;
        out.println("READY " + applied.size());
        AtomicLong next = new AtomicLong(run * 1_000_000_000L);
        ReadWriteLock snapshotGate = new ReentrantReadWriteLock();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        long id = next.getAndIncrement();
                        CompletableFuture<Long> durable;
                        snapshotGate.readLock().lock();
                        try {
                            synchronized (applied) {
                                applied.add(id);
                            }
                            durable = wal.append((byte) 1, Replayed.payload(id, 64));
                        } finally {
                            snapshotGate.readLock().unlock();
                        }
                        durable.join();
                        synchronized (out) {
                            out.println("ACK " + id);
                        }
                        if (id % 500 == 0) {
                            snapshotGate.writeLock().lock();
                            try {
                                wal.writeSnapshot(wal.lastSequence(), Replayed.snapshotOf(applied));
                            } finally {
                                snapshotGate.writeLock().unlock();
                            }
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(3);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}

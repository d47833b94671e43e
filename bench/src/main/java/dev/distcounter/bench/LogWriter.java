package dev.distcounter.bench;

import ch.qos.logback.classic.Level;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.storage.LocalUpdate;
import dev.distcounter.node.storage.StorageConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The writer half of {@link RestartTime}, run in a child JVM so it can be killed like a crash:
 * opens a node's store with snapshots on, logs {@code --ops} local operations, and prints
 * {@code READY <value> <version>}. With {@code --end crash} it then waits for SIGKILL (or for its
 * stdin to close, should the parent die first); with {@code --end close} it closes the store
 * (the shutdown snapshot) before printing and exits.
 *
 * <p>Snapshots: the node runs {@link CounterStore#snapshotIfDue()} once a second from its
 * maintenance thread, which snapshots once {@code --wal-snapshot-every} (100,000) records have
 * accumulated. Here the check runs after every 10,000 operations instead, so snapshots fall
 * exactly every 100,000 records; the check after the last batch is left out, so the crash comes
 * just before the snapshot that would have covered the tail, and the restart must replay the
 * largest tail the setting allows (about 100,000 records; a node may add one second of writes).
 */
public final class LogWriter {
    static final String NODE = "localhost:9000";
    static final long SNAPSHOT_EVERY = 100_000; // the node's default --wal-snapshot-every
    static final long MAX_SEGMENT_BYTES = 64L << 20; // the node's default --wal-max-size
    static final int CHECK_EVERY = 10_000;
    static final long MAX_WAIT_MINUTES = 30;

    private LogWriter() {}

    public static void main(String[] args) throws Exception {
        CommandLineFlags flags = CommandLineFlags.parseOrExit(
                "LogWriter", "--dir DIR [--ops 1000000] [--end crash|close]", args, "dir", "ops", "end");
        Path dir = Path.of(flags.requiredText("dir"));
        long ops = flags.number("ops", 1_000_000);
        boolean crash = switch (flags.text("end", "crash")) {
            case "crash" -> true;
            case "close" -> false;
            default -> throw new IllegalArgumentException("--end is crash or close");
        };
        RootLogLevel.set(Level.WARN); // stdout carries the READY line
        // fsync off: the log is built quickly; sync() at the end still forces it all to disk.
        StorageConfig storage = new StorageConfig(true, false, dir, MAX_SEGMENT_BYTES, SNAPSHOT_EVERY, false);
        CounterStore store = CounterStore.open(NODE, storage, System::currentTimeMillis);
        for (long i = 1; i <= ops; i++) {
            // Every tenth operation a decrement, so both halves of the PN entry are replayed and checked.
            LocalUpdate update = store.add(i % 10 == 0 ? -1 : 1);
            if (i % CHECK_EVERY == 0) {
                await(update); // at most CHECK_EVERY appends in flight: the writer's queue is unbounded
                if (i < ops) {
                    store.snapshotIfDue();
                }
            }
        }
        store.sync().get(MAX_WAIT_MINUTES, TimeUnit.MINUTES);
        PNCounter state = store.current();
        if (!crash) {
            store.close();
        }
        System.out.println("READY " + state.value() + " " + state.version());
        System.out.flush();
        if (crash) {
            awaitKill();
        }
    }

    private static void await(LocalUpdate update) throws InterruptedException, ExecutionException, TimeoutException {
        update.durable().get(MAX_WAIT_MINUTES, TimeUnit.MINUTES);
    }

    /** Blocks until the parent kills this process or goes away (stdin closes), for at most half an hour. */
    private static void awaitKill() throws IOException {
        Thread reader = new Thread(
                () -> {
                    try {
                        while (System.in.read() >= 0) {
                            // the parent writes nothing; read until EOF
                        }
                    } catch (IOException e) {
                        // the parent is gone either way
                    }
                },
                "stdin-watch");
        reader.setDaemon(true);
        reader.start();
        try {
            reader.join(TimeUnit.MINUTES.toMillis(MAX_WAIT_MINUTES));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(3); // no shutdown snapshot: the store is left as a crash would leave it
    }
}

package dev.distcounter.e2e;

import dev.distcounter.common.http.WriteOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client threads putting keys through a fixed list of coordinators, one after another, until
 * stopped: each thread mostly puts keys of its own never written before ({@code t3-17}), and one
 * put in four overwrites one of its earlier keys, through whichever coordinator comes next. Every
 * value is unique ({@code t3-op42}), so a read tells which put it shows. Every put is recorded
 * with its outcome.
 */
final class KeyspaceWriteLoad {
    private final KeyspaceClient client;
    private final List<NodeProcess> coordinators;
    private final int threads;
    private final long seed;
    private final Queue<KeyspaceClient.Put> puts = new ConcurrentLinkedQueue<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final CountDownLatch done;
    private final Queue<Throwable> crashes = new ConcurrentLinkedQueue<>();
    private volatile boolean stopRequested;

    KeyspaceWriteLoad(KeyspaceClient client, List<NodeProcess> coordinators, int threads, long seed) {
        this.client = client;
        this.coordinators = List.copyOf(coordinators);
        this.threads = threads;
        this.seed = seed;
        this.done = new CountDownLatch(threads);
    }

    KeyspaceWriteLoad start() {
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> run(thread), "kv-load-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        return this;
    }

    private void run(int thread) {
        Random random = new Random(seed + thread);
        List<String> written = new ArrayList<>();
        try {
            for (int op = 0; !stopRequested; op++) {
                String key;
                if (!written.isEmpty() && random.nextInt(4) == 0) {
                    key = written.get(random.nextInt(written.size()));
                } else {
                    key = "t" + thread + "-" + written.size();
                    written.add(key);
                }
                NodeProcess coordinator = coordinators.get((thread + op) % coordinators.size());
                KeyspaceClient.Put put = client.put(coordinator, key, "t" + thread + "-op" + op);
                puts.add(put);
                if (put.outcome() == WriteOutcome.APPLIED) {
                    acknowledged.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            crashes.add(e);
        } finally {
            done.countDown();
        }
    }

    long acknowledged() {
        return acknowledged.get();
    }

    void stop() {
        stopRequested = true;
    }

    /** Waits for every thread to finish its last put; returns every put, in no particular order. */
    List<KeyspaceClient.Put> await(Duration timeout) throws InterruptedException {
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the load's threads did not stop within " + timeout);
        }
        if (!crashes.isEmpty()) {
            throw new AssertionError("a load thread failed", crashes.peek());
        }
        return List.copyOf(puts);
    }
}

package dev.distcounter.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Single-increment convergence latency of a running cluster (issue 5, item 5).
 *
 * <p>Method. Each sample starts from a quiet cluster whose nodes all hold one state (the same
 * value, version V0 and state digest). The tool sends {@code GET /counter?atLeast=V0+1} to every
 * node but one, on kept-alive connections (a node answers such a read the moment it applies a
 * change that brings it to that version; see docs/operations.md), then {@code POST /increment} to
 * the remaining node (round-robin) and notes t0 when that answer has been read. One thread per waiting read notes when its answer
 * arrived. The sample is the time from t0 to the last of those arrivals (0 if all arrived
 * before t0); the time from sending the increment is reported too. Nothing polls, so the
 * measurement adds no load, and its resolution is the time a node takes to write an answer
 * that is ready and the client to read it: less than one round trip of an already-satisfied
 * {@code /counter?atLeast=0}, which is measured and printed. Samples are spaced
 * ({@code --gap-ms}) so each starts from a quiet cluster; nothing else may write meanwhile.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.distcounter.bench.ConvergenceLatency --ports 8010,8011,8012,8013,8014
 *     [--host 127.0.0.1] [--samples 200] [--warmup 20] [--gap-ms 20] [--timeout-ms 5000] [--show-slower-than-ms 3]
 *     [--json FILE]
 * </pre>
 *
 * With {@code --show-slower-than-ms}, each slower sample is described on stderr (which node
 * wrote, when each other node had the update): where a tail comes from.
 *
 * Prints a Markdown table, then a summary line starting with {@code RESULT}; with {@code --json},
 * writes the figures to FILE as a {@link ConvergenceResult} too.
 * Exit code 0, or 1 if the cluster could not be reached or a sample failed or timed out.
 */
public final class ConvergenceLatency {
    private static final String USAGE = "--ports P1,P2,... [--host 127.0.0.1] [--samples 200] [--warmup 20]"
            + " [--gap-ms 20] [--timeout-ms 5000] [--show-slower-than-ms 3] [--json FILE]";

    private ConvergenceLatency() {}

    /** When a waiting read's answer arrived, and the version it showed. */
    private record Arrival(long nanos, long version) {}

    public static void main(String[] args) throws Exception {
        CommandLineFlags a = CommandLineFlags.parseOrExit(
                "ConvergenceLatency",
                USAGE,
                args,
                "ports",
                "host",
                "samples",
                "warmup",
                "gap-ms",
                "timeout-ms",
                "show-slower-than-ms",
                "json");
        List<Integer> ports = a.ports("ports");
        String host = a.text("host", "127.0.0.1");
        int samples = a.integer("samples", 200);
        int warmup = a.integer("warmup", 20);
        int gapMs = a.integer("gap-ms", 20);
        int timeoutMs = a.integer("timeout-ms", 5000);
        String json = a.text("json", null);
        long showSlowerThan = TimeUnit.MILLISECONDS.toNanos(a.integer("show-slower-than-ms", Integer.MAX_VALUE / 2));
        int n = ports.size();
        if (n < 2) {
            System.err.println("ConvergenceLatency: needs at least 2 nodes");
            System.exit(2);
        }
        // The nodes must give up waiting after the tool's own socket timeout would.
        String waitParam = "&wait=" + Math.min(30, Math.max(1, timeoutMs / 1000)) + "s";

        List<MiniHttp> writers = new ArrayList<>();
        List<MiniHttp> waiters = new ArrayList<>();
        for (int port : ports) {
            writers.add(new MiniHttp(host, port, timeoutMs + 2000));
            waiters.add(new MiniHttp(host, port, timeoutMs + 2000));
        }

        Histogram rtt = newHistogram();
        long start;
        try {
            start = agreedVersion(writers);
            for (MiniHttp w : waiters) {
                for (int i = 0; i < 250; i++) {
                    long began = System.nanoTime();
                    MiniHttp.Response r = w.get("/counter?atLeast=0");
                    long took = System.nanoTime() - began;
                    if (r.status() != 200 || r.version() < 0) {
                        throw new IOException("port " + w.port() + ": /counter?atLeast=0 answered " + r.status() + " "
                                + r.body().strip());
                    }
                    if (i >= 50) {
                        rtt.recordValue(Math.max(1, took));
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("ConvergenceLatency: cannot read the cluster: " + e.getMessage());
            System.exit(1);
            return;
        }

        ExecutorService readers = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "convergence-reader");
            t.setDaemon(true);
            return t;
        });
        Histogram fromAnswer = newHistogram();
        Histogram fromSend = newHistogram();
        int timeouts = 0;
        int failures = 0;
        int early = 0;
        long sumNanos = 0;
        long version = start;
        for (int i = -warmup; i < samples && failures <= 5; i++) {
            int origin = Math.floorMod(i, n);
            long target = version + 1;
            List<Future<Arrival>> arrivals = new ArrayList<>();
            String problem = null;
            long sent = 0;
            long t0 = 0;
            try {
                for (int k = 0; k < n; k++) {
                    if (k != origin) {
                        MiniHttp w = waiters.get(k);
                        w.send("/counter?atLeast=" + target + waitParam);
                        arrivals.add(readers.submit(() -> {
                            MiniHttp.Response r = w.read();
                            return new Arrival(System.nanoTime(), r.status() == 200 ? r.version() : -1);
                        }));
                    }
                }
                // Give the waiting reads a moment to reach their nodes; one that arrives after the
                // update is answered at once, which only makes the sample longer, never shorter.
                TimeUnit.MILLISECONDS.sleep(1);
                sent = System.nanoTime();
                MiniHttp.Response inc = writers.get(origin).get("/increment");
                t0 = System.nanoTime();
                if (inc.status() != 200 || inc.version() != target) {
                    problem = "/increment on port " + ports.get(origin) + " answered " + inc.status() + " "
                            + inc.body().strip() + " (expected version " + target
                            + "; is something else writing to the cluster?)";
                }
            } catch (IOException e) {
                problem = "port " + ports.get(origin) + ": " + e;
            }
            long last = Long.MIN_VALUE;
            boolean missed = false;
            StringBuilder each = new StringBuilder();
            for (Future<Arrival> f : arrivals) {
                try {
                    Arrival arrival = f.get(timeoutMs + 3000L, TimeUnit.MILLISECONDS);
                    if (arrival.version() < target) {
                        missed = true;
                    }
                    last = Math.max(last, arrival.nanos());
                    each.append(' ').append(ms(arrival.nanos() - t0));
                } catch (ExecutionException | TimeoutException e) {
                    problem = problem != null ? problem : "a waiting read failed: " + e.getCause();
                }
            }
            if (problem != null) {
                System.err.println("ConvergenceLatency: " + problem);
                failures++;
                for (MiniHttp w : waiters) {
                    w.close(); // a read may still be pending on it
                }
                version = agreedVersion(writers);
                continue;
            }
            version = target;
            if (i >= 0) {
                if (missed) {
                    timeouts++;
                    fromAnswer.recordValue(TimeUnit.MILLISECONDS.toNanos(timeoutMs));
                    fromSend.recordValue(TimeUnit.MILLISECONDS.toNanos(timeoutMs));
                    version = agreedVersion(writers);
                } else {
                    long after = Math.max(0, last - t0);
                    if (after > showSlowerThan) {
                        System.err.printf(
                                Locale.ROOT,
                                "slow sample %d: increment on port %d answered %s ms after"
                                        + " it was sent; the other nodes, in port order, had it%s ms after that%n",
                                i,
                                ports.get(origin),
                                ms(t0 - sent),
                                each);
                    }
                    if (after == 0) {
                        early++;
                    }
                    fromAnswer.recordValue(Math.max(1, after));
                    fromSend.recordValue(Math.max(1, last - sent));
                    sumNanos += after;
                }
            }
            Thread.sleep(gapMs);
        }
        readers.shutdownNow();

        long recorded = fromAnswer.getTotalCount();
        System.out.println("| from | samples | p50 | p90 | p99 | max | timed out (" + timeoutMs + " ms) |");
        System.out.println("|---|---|---|---|---|---|---|");
        row("the increment's answer", fromAnswer, timeouts);
        row("sending the increment", fromSend, timeouts);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%d of %d samples: every other node had the update before the increment's"
                        + " answer arrived (recorded as 0). Resolution: under one round trip of an answered-at-once"
                        + " /counter?atLeast=0 on a kept-alive connection, median %s ms, p99 %s ms (%d requests);"
                        + " %d warm-up samples, %d ms between samples, %d nodes.%n",
                early,
                recorded,
                ms(rtt.getValueAtPercentile(50)),
                ms(rtt.getValueAtPercentile(99)),
                rtt.getTotalCount(),
                warmup,
                gapMs,
                n);
        System.out.printf(
                Locale.ROOT,
                "RESULT samples=%d p50_ms=%s p90_ms=%s p99_ms=%s max_ms=%s mean_ms=%s"
                        + " send_p50_ms=%s send_p99_ms=%s timeouts=%d failures=%d rtt_p50_ms=%s rtt_p99_ms=%s"
                        + " early=%d%n",
                recorded,
                ms(fromAnswer.getValueAtPercentile(50)),
                ms(fromAnswer.getValueAtPercentile(90)),
                ms(fromAnswer.getValueAtPercentile(99)),
                ms(fromAnswer.getMaxValue()),
                ms(recorded - timeouts > 0 ? sumNanos / (recorded - timeouts) : 0),
                ms(fromSend.getValueAtPercentile(50)),
                ms(fromSend.getValueAtPercentile(99)),
                timeouts,
                failures,
                ms(rtt.getValueAtPercentile(50)),
                ms(rtt.getValueAtPercentile(99)),
                early);
        if (json != null) {
            BenchFiles.writeJson(
                    Path.of(json),
                    new ConvergenceResult(
                            (int) recorded,
                            millis(fromAnswer.getValueAtPercentile(50)),
                            millis(fromAnswer.getValueAtPercentile(90)),
                            millis(fromAnswer.getValueAtPercentile(99)),
                            millis(fromAnswer.getMaxValue()),
                            millis(recorded - timeouts > 0 ? sumNanos / (recorded - timeouts) : 0),
                            millis(fromSend.getValueAtPercentile(50)),
                            millis(fromSend.getValueAtPercentile(99)),
                            timeouts,
                            failures,
                            millis(rtt.getValueAtPercentile(50)),
                            millis(rtt.getValueAtPercentile(99)),
                            early));
        }
        for (MiniHttp w : writers) {
            w.close();
        }
        for (MiniHttp w : waiters) {
            w.close();
        }
        System.exit(timeouts == 0 && failures == 0 && recorded == samples ? 0 : 1);
    }

    /**
     * The version every node holds, once they hold one state (up to 10 s): the same value, version
     * and state digest, so a sample starts from identical states and a node that reaches the next
     * version holds exactly the state the increment made. The cluster must be quiet.
     */
    private static long agreedVersion(List<MiniHttp> nodes) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            CounterAnswer first = null;
            boolean agree = true;
            for (MiniHttp node : nodes) {
                CounterAnswer answer = CounterAnswer.read(node);
                if (first == null) {
                    first = answer;
                } else if (!answer.equals(first)) {
                    agree = false;
                }
            }
            if (agree && first != null) {
                return first.version();
            }
            Thread.sleep(10);
        }
        throw new IOException("the nodes did not agree on one state within 10 s; is something writing?");
    }

    private static Histogram newHistogram() {
        return new Histogram(1, TimeUnit.SECONDS.toNanos(60), 3);
    }

    private static void row(String from, Histogram h, int timeouts) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %s ms | %s ms | %s ms | %s ms | %d |%n",
                from,
                h.getTotalCount(),
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getMaxValue()),
                timeouts);
    }

    /** Nanoseconds as milliseconds, in full. */
    static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Nanoseconds as milliseconds with two decimals. */
    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }
}

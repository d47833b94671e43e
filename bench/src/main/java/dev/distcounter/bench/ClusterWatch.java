package dev.distcounter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Time to converge after a write load (issue 5, item 4), for {@code bench/run-bench.sh}.
 *
 * <p>Started before the load. A round reads {@code /counter} from every node at once (in JSON: one
 * thread and one keep-alive connection per node) and tells whether all nodes reported the same
 * state: value, version and state digest, since equal value and version alone can hide different
 * states (issue 10). It reads {@value #WARM_UP_ROUNDS} rounds first, so that its own code is
 * compiled, then prints {@code WATCHING} and reads nothing while the load runs: a cold measuring
 * JVM reading every node every 10 ms during the load took up to half of the 5-node layout's rate
 * (issue 14). When the file {@code --end-file} appears, it holds the end of the load as
 * microseconds since the epoch (the script writes it when the last load generator has exited);
 * from then on it reads a round every {@code --interval-ms} until all nodes agree. The convergence
 * time is the time from the end of the load to when the last answer of that round arrived.
 * Resolution: the poll interval plus one round of reads (a cluster that already agreed when the
 * load ended shows one round's time, about a millisecond).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.distcounter.bench.ClusterWatch --ports 27341,...,27345 --end-file F
 *     [--host 127.0.0.1] [--interval-ms 10] [--timeout-ms 60000] [--json FILE]
 * </pre>
 *
 * Prints {@code WATCHING} once its warm-up rounds have been read, then a line starting with
 * {@code RESULT}; with {@code --json}, writes the result to FILE as a {@link WatchResult} too.
 * Exit code 0 when the nodes converged, 1 otherwise.
 */
public final class ClusterWatch {
    private static final String USAGE =
            "--ports P1,P2,... --end-file FILE [--host 127.0.0.1] [--interval-ms 10] [--timeout-ms 60000] [--json FILE]";

    /** Rounds read before {@code WATCHING}, to compile the reading code before the load. */
    static final int WARM_UP_ROUNDS = 200;
    /** How often the end file is looked for while the load runs. */
    private static final long END_FILE_POLL_MS = 1;
    /** How long the end file may take to appear. */
    private static final Duration MAX_WAIT_FOR_END = Duration.ofMinutes(10);

    private ClusterWatch() {}

    public static void main(String[] args) throws Exception {
        CommandLineFlags a = CommandLineFlags.parseOrExit(
                "ClusterWatch", USAGE, args, "ports", "end-file", "host", "interval-ms", "timeout-ms", "json");
        List<Integer> ports = a.ports("ports");
        Path endFile = Path.of(a.requiredText("end-file"));
        String host = a.text("host", "127.0.0.1");
        int intervalMs = a.integer("interval-ms", 10);
        int timeoutMs = a.integer("timeout-ms", 60000);
        String json = a.text("json", null);

        List<MiniHttp> readers = new ArrayList<>();
        for (int port : ports) {
            readers.add(new MiniHttp(host, port, 5000));
        }
        ExecutorService pool = Executors.newFixedThreadPool(ports.size(), r -> {
            Thread t = new Thread(r, "watch");
            t.setDaemon(true);
            return t;
        });

        CounterAnswer[] last = new CounterAnswer[ports.size()];
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            round(readers, pool, last);
            Thread.sleep(1);
        }
        System.out.println("WATCHING " + ports.size() + " nodes every " + intervalMs + " ms once the load ends");
        System.out.flush();
        long loadEnd = awaitLoadEnd(endFile);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long rounds = 0;
        while (true) {
            CounterAnswer agreed = round(readers, pool, last);
            long roundEnd = epochMicros();
            rounds++;
            if (agreed != null) {
                long micros = Math.max(0, roundEnd - loadEnd);
                System.out.printf(
                        Locale.ROOT,
                        "RESULT converged=yes converge_ms=%.1f value=%d version=%d" + " rounds=%d interval_ms=%d%n",
                        micros / 1000.0,
                        agreed.value(),
                        agreed.version(),
                        rounds,
                        intervalMs);
                System.out.flush();
                writeResult(
                        json,
                        new WatchResult(
                                true, micros / 1000.0, agreed.value(), agreed.version(), rounds, intervalMs, null));
                System.exit(0);
            }
            if (System.nanoTime() > deadline) {
                StringBuilder states = new StringBuilder();
                for (int k = 0; k < last.length; k++) {
                    states.append(' ')
                            .append(ports.get(k))
                            .append('=')
                            .append(
                                    last[k] == null
                                            ? "?"
                                            : last[k].value() + "/" + last[k].version() + "/" + last[k].digest());
                }
                System.out.printf(
                        Locale.ROOT,
                        "RESULT converged=no converge_ms=%d rounds=%d states=%s%n",
                        timeoutMs,
                        rounds,
                        states.toString().strip().replace(' ', ','));
                System.out.flush();
                writeResult(
                        json,
                        new WatchResult(
                                false,
                                timeoutMs,
                                null,
                                null,
                                rounds,
                                intervalMs,
                                states.toString().strip().replace(' ', ',')));
                System.exit(1);
            }
            Thread.sleep(intervalMs);
        }
    }

    /**
     * Waits for the end file and returns the end of the load it holds (epoch µs); exits with 1 when
     * none appears within {@link #MAX_WAIT_FOR_END} (the warm-up and the load take a few minutes).
     */
    private static long awaitLoadEnd(Path endFile) throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + MAX_WAIT_FOR_END.toNanos();
        while (System.nanoTime() < giveUp) {
            if (Files.exists(endFile)) {
                String text =
                        Files.readString(endFile, StandardCharsets.US_ASCII).strip();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(END_FILE_POLL_MS);
        }
        System.out.println("RESULT converged=no: no end of the load in " + endFile + " within "
                + MAX_WAIT_FOR_END.toMinutes() + " minutes");
        System.exit(1);
        throw new IllegalStateException("unreachable");
    }

    /**
     * Reads every node once, at once; each answer (null when unreadable) goes into {@code last}.
     * Returns the state when all agree, null otherwise.
     */
    private static CounterAnswer round(List<MiniHttp> readers, ExecutorService pool, CounterAnswer[] last)
            throws InterruptedException, ExecutionException {
        List<Future<CounterAnswer>> answers = new ArrayList<>();
        for (MiniHttp r : readers) {
            Callable<CounterAnswer> read = () -> {
                try {
                    return CounterAnswer.read(r);
                } catch (IOException e) {
                    return null;
                }
            };
            answers.add(pool.submit(read));
        }
        CounterAnswer first = null;
        boolean agree = true;
        for (int k = 0; k < answers.size(); k++) {
            CounterAnswer s = answers.get(k).get();
            last[k] = s;
            if (s == null || (first != null && !first.equals(s))) {
                agree = false;
            }
            if (first == null) {
                first = s;
            }
        }
        return agree ? first : null;
    }

    private static void writeResult(String file, WatchResult result) throws IOException {
        if (file != null) {
            BenchFiles.writeJson(Path.of(file), result);
        }
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}

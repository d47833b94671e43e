package dev.distcounter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Time to converge after a write load (issue 5, item 4), for {@code bench/run-bench.sh}.
 *
 * <p>Started before the load. Every {@code --interval-ms} it reads {@code /counter} from every
 * node at once (in JSON: one thread and one keep-alive connection per node) and notes when all
 * nodes first reported the same state: value, version and state digest, since equal value and
 * version alone can hide different states (issue 10). The time noted is when the last answer of
 * that round arrived. When the file {@code --end-file} appears, it holds the end of the load as
 * microseconds since the epoch (the script writes it when the last load generator has exited);
 * from then on, the first round in which all nodes agree ends the watch. The convergence time is
 * the time from the end of the load to the first round of that final agreement (0 if they already
 * agreed when the load ended). Resolution: the poll interval plus one round of reads.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.distcounter.bench.ClusterWatch --ports 27341,...,27345 --end-file F
 *     [--host 127.0.0.1] [--interval-ms 10] [--timeout-ms 60000] [--json FILE]
 * </pre>
 *
 * Prints {@code WATCHING} once the first round has been read, then a line starting with
 * {@code RESULT}; with {@code --json}, writes the result to FILE as a {@link WatchResult} too.
 * Exit code 0 when the nodes converged, 1 otherwise.
 */
public final class ClusterWatch {
    private static final String USAGE =
            "--ports P1,P2,... --end-file FILE [--host 127.0.0.1] [--interval-ms 10] [--timeout-ms 60000] [--json FILE]";

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

        CounterAnswer agreed = null; // the state all nodes agree on in the current streak of rounds
        long agreedSince = 0; // epoch µs: end of the first round of that streak
        long loadEnd = -1; // epoch µs, from the end file
        long rounds = 0;
        long deadline = Long.MAX_VALUE;
        CounterAnswer[] last = new CounterAnswer[ports.size()];
        boolean announced = false;
        while (true) {
            boolean endKnown = loadEnd >= 0;
            if (!endKnown && Files.exists(endFile)) {
                String text =
                        Files.readString(endFile, StandardCharsets.US_ASCII).strip();
                if (!text.isEmpty()) {
                    loadEnd = Long.parseLong(text);
                    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
                }
            }
            boolean roundAfterEnd = loadEnd >= 0;
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
            long roundEnd = epochMicros();
            rounds++;
            if (!announced) {
                System.out.println("WATCHING " + ports.size() + " nodes every " + intervalMs + " ms");
                System.out.flush();
                announced = true;
            }
            if (agree) {
                if (!first.equals(agreed)) {
                    agreed = first;
                    agreedSince = roundEnd;
                }
                if (roundAfterEnd) {
                    long micros = Math.max(0, agreedSince - loadEnd);
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
            } else {
                agreed = null;
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

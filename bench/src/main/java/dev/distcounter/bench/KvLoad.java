package dev.distcounter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Preloads the keyspace before its loads (item 9): puts each of {@code --keys} keys once through one
 * coordinator, {@code --connections} puts in flight at once (one thread and one kept-alive
 * connection each; thread {@code t} puts keys t, t + C, t + 2C, ...). Keys and values are those
 * {@code bench/wrk-kv.lua} uses: {@link #key}, and {@code --value-bytes} letters {@code v}.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.distcounter.bench.KvLoad --port 27341 [--host 127.0.0.1]
 *      [--keys 10000] [--connections 16] [--value-bytes 100] [--prefix bench-] [--json FILE]
 * </pre>
 *
 * A put that is not answered 200 is counted, never retried (a retried write would hide the
 * failure). Prints a line starting with {@code RESULT}; exit code 0 when every put was answered
 * 200, 1 otherwise, 2 for bad flags.
 */
public final class KvLoad {
    static final int TIMEOUT_MILLIS = 10_000;

    private KvLoad() {}

    public static void main(String[] args) throws Exception {
        CommandLineFlags flags = CommandLineFlags.parseOrExit(
                "KvLoad",
                "--port P [--host 127.0.0.1] [--keys 10000] [--connections 16] [--value-bytes 100] [--prefix bench-]"
                        + " [--json FILE]",
                args,
                "port",
                "host",
                "keys",
                "connections",
                "value-bytes",
                "prefix",
                "json");
        int port = flags.ports("port").get(0);
        String host = flags.text("host", "127.0.0.1");
        int keys = flags.integer("keys", 10_000);
        int connections = flags.integer("connections", 16);
        int valueBytes = flags.integer("value-bytes", 100);
        String prefix = flags.text("prefix", "bench-");
        String json = flags.text("json", null);
        if (keys < 1 || connections < 1 || valueBytes < 0) {
            System.err.println("KvLoad: --keys and --connections must be at least 1, --value-bytes at least 0");
            System.exit(2);
            return;
        }
        KvLoadResult result = load(host, port, keys, Math.min(connections, keys), valueBytes, prefix);
        System.out.printf(
                Locale.ROOT,
                "RESULT %,d keys in %.1f s (%.0f puts/s, %d connections), %d failed%s%n",
                result.keys(),
                result.seconds(),
                result.putsPerSec(),
                result.connections(),
                result.failed(),
                result.firstFailure() == null ? "" : "; first: " + result.firstFailure());
        if (json != null) {
            BenchFiles.writeJson(Path.of(json), result);
        }
        System.exit(result.failed() == 0 ? 0 : 1);
    }

    /** Key {@code i} of {@code keys}: the prefix and i, zero-padded to the digits of keys - 1 (as wrk-kv.lua). */
    static String key(String prefix, int keys, int i) {
        int digits = Integer.toString(keys - 1).length();
        return prefix + String.format(Locale.ROOT, "%0" + digits + "d", i);
    }

    /** The put's body: {@code {"key":K,"value":V}}; keys and values here need no escaping. */
    static byte[] body(String key, String value) {
        return ("{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static KvLoadResult load(String host, int port, int keys, int connections, int valueBytes, String prefix)
            throws InterruptedException {
        char[] letters = new char[valueBytes];
        Arrays.fill(letters, 'v');
        String value = new String(letters);
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < connections; t++) {
            int first = t;
            Thread thread = new Thread(
                    () -> {
                        try (MiniHttp http = new MiniHttp(host, port, TIMEOUT_MILLIS)) {
                            for (int i = first; i < keys; i += connections) {
                                String failure;
                                try {
                                    MiniHttp.Response r = http.postJson("/kv/put", body(key(prefix, keys, i), value));
                                    failure = r.status() == 200
                                            ? null
                                            : r.status() + " " + r.body().strip();
                                } catch (IOException e) {
                                    failure = e.toString();
                                }
                                if (failure != null) {
                                    failed.incrementAndGet();
                                    firstFailure.compareAndSet(null, key(prefix, keys, i) + ": " + failure);
                                }
                            }
                        }
                    },
                    "kv-load-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new KvLoadResult(keys, connections, seconds, keys / seconds, failed.get(), firstFailure.get());
    }
}

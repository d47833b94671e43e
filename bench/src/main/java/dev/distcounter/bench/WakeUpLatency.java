package dev.distcounter.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.SynchronousQueue;

/**
 * How long this machine takes to wake a thread that waits for another: the cost of one hop
 * between threads, which every request and every gossip message pays several times. Each
 * sample hands a timestamp to a thread blocked in a {@link SynchronousQueue} after the sender
 * slept {@code --idle-ms} (so the CPUs may have gone idle, as in a quiet cluster), and the woken
 * thread notes how long it took. The tail is what a latency target meets: a message that crosses
 * six such hops meets a one-in-a-thousand delay in about one sample in 170.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.distcounter.bench.WakeUpLatency [--samples 3000] [--idle-ms 1]
 * </pre>
 */
public final class WakeUpLatency {
    private WakeUpLatency() {}

    public static void main(String[] args) throws InterruptedException {
        CommandLineFlags a = CommandLineFlags.parseOrExit(
                "WakeUpLatency", "[--samples 3000] [--idle-ms 1]", args, "samples", "idle-ms");
        int samples = a.integer("samples", 3000);
        int idleMs = a.integer("idle-ms", 1);
        SynchronousQueue<Long> sent = new SynchronousQueue<>();
        SynchronousQueue<Long> measured = new SynchronousQueue<>();
        Thread woken = new Thread(
                () -> {
                    try {
                        for (int i = 0; i < samples; i++) {
                            long at = sent.take();
                            measured.put(System.nanoTime() - at);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "woken");
        woken.setDaemon(true);
        woken.start();
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            Thread.sleep(idleMs);
            sent.put(System.nanoTime());
            nanos[i] = measured.take();
        }
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "RESULT samples=%d idle_ms=%d p50_us=%.0f p90_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f%n",
                samples,
                idleMs,
                at(nanos, 0.50),
                at(nanos, 0.90),
                at(nanos, 0.99),
                at(nanos, 0.999),
                nanos[samples - 1] / 1e3);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e3;
    }
}

package dev.distcounter.bench;

import dev.distcounter.common.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When a warm-up may stop: {@code bench/run-bench.sh} repeats a short warm-up load until the rate
 * stops rising, so that what it measures next is compiled code, not the JIT compilers at work.
 *
 * <p>The rule: the warm-up is done when each of its last {@link #STEADY_STEPS} loads was at most
 * {@link #TOLERANCE} faster than the load before it (a load's rate is the sum over the wrk
 * processes that ran at once). A fall counts as steady: on a noisy machine it is noise, not
 * warming. One steady step is not enough: the JIT works in phases, and five JVMs compiling at
 * once on two cores went 7,000, 8,000, 7,900 and then 11,700 requests/s (docs/performance.md,
 * issue 14).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.distcounter.bench.SteadyLoad RATES FILE...
 * </pre>
 *
 * RATES are the earlier loads' rates, comma-separated ({@code -} for none); each FILE is one wrk
 * process's figures of the load just run ({@code bench/wrk-report.lua}). Prints the rates with
 * this load's added; exit code 0 when the warm-up is done, 1 when not, 2 on bad arguments or an
 * unreadable file.
 */
public final class SteadyLoad {
    /** How much faster than the load before a load may be and still count as steady. */
    static final double TOLERANCE = 0.10;
    /** How many steady steps in a row end a warm-up. */
    static final int STEADY_STEPS = 2;

    private SteadyLoad() {}

    /** Whether a warm-up whose loads ran at these rates (oldest first) is done. */
    static boolean steady(List<Double> rates) {
        int n = rates.size();
        if (n < STEADY_STEPS + 1) {
            return false;
        }
        for (int i = n - STEADY_STEPS; i < n; i++) {
            if (rates.get(i) > rates.get(i - 1) * (1 + TOLERANCE)) {
                return false;
            }
        }
        return true;
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: SteadyLoad RATES|- FILE...");
            System.exit(2);
        }
        List<Double> rates = new ArrayList<>();
        try {
            if (!args[0].equals("-")) {
                for (String rate : args[0].split(",", -1)) {
                    rates.add(Double.parseDouble(rate));
                }
            }
            double current = 0;
            for (int i = 1; i < args.length; i++) {
                current += Json.MAPPER
                        .readValue(Path.of(args[i]).toFile(), WrkFigures.class)
                        .requestsPerSec();
            }
            rates.add(current);
        } catch (NumberFormatException | IOException e) {
            System.err.println("SteadyLoad: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(
                rates.stream().map(r -> String.format(Locale.ROOT, "%.1f", r)).collect(Collectors.joining(",")));
        System.exit(steady(rates) ? 0 : 1);
    }
}

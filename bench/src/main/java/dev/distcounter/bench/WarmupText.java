package dev.distcounter.bench;

import java.util.Locale;
import java.util.stream.Collectors;

/** How the report describes the warm-ups: the rule the suite was set to, and what each took. */
final class WarmupText {
    private WarmupText() {}

    /**
     * The rule, to follow "after" in a sentence: {@code a 3 s warm-up} in results from before
     * issue 14, else loads of {@code warmupS} until one is steady, at most the limit.
     */
    static String rule(ResultLine.Plan plan, boolean cluster) {
        int limit = cluster ? plan.clusterWarmupMaxS() : plan.warmupMaxS();
        if (limit == 0) {
            return "a " + plan.warmupS() + " s warm-up";
        }
        int least = cluster ? plan.clusterWarmupMinS() : 0;
        return String.format(
                Locale.ROOT,
                "a warm-up: loads of %d s until each of the last %d was at most %.0f %% faster than the one"
                        + " before (the JIT compilers done), %sat most %d s",
                plan.warmupS(),
                SteadyLoad.STEADY_STEPS,
                SteadyLoad.TOLERANCE * 100,
                least > 0 ? "at least " + least + " s and " : "",
                limit);
    }

    /**
     * One line per run listing what each warm-up took, e.g. {@code ceiling /counter 6 s (3,1 … req/s)};
     * empty for results without warm-up lines.
     */
    static String taken(SuiteResults results) {
        StringBuilder out = new StringBuilder();
        int runs = results.suite().plan().runs();
        for (int run = 1; run <= runs; run++) {
            int r = run;
            String line = results.all(ResultLine.Warmup.class)
                    .filter(w -> w.run() == r)
                    .map(WarmupText::one)
                    .collect(Collectors.joining("; "));
            if (!line.isEmpty()) {
                out.append("- Warm-ups of run ")
                        .append(run)
                        .append(": ")
                        .append(line)
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static String one(ResultLine.Warmup w) {
        String rates = w.rates().stream()
                .map(rate -> String.format(Locale.ROOT, "%,.0f", rate))
                .collect(Collectors.joining(", "));
        return w.server().description + " " + w.path() + " " + w.seconds() + " s (" + rates + " req/s"
                + (w.steady() ? ")" : "; not steady at the limit)");
    }
}

package dev.distcounter.tool.simulation;

import dev.distcounter.tool.ArgumentMessages;
import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.UsageError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code simulate [duration] [interval] [ops_per_cycle] [--faults LIST] [--seed S] [--workload KIND]}: the arguments
 * of run-cluster.sh's {@code simulation}, checked with its messages, as a {@link SimulationConfig}.
 */
@Command(
        name = "simulate",
        description =
                "Random increments and decrements (or key operations: --workload) for a while, optionally under faults; then convergence"
                        + " and the history check.")
public final class SimulateCommand implements Callable<Integer>, ArgumentMessages {
    @ParentCommand
    ClusterToolCommand tool;

    @Parameters(
            arity = "0..*",
            paramLabel = "ARG",
            description = "[duration] (seconds, 60) [interval] (seconds, fractions allowed, 2) [ops_per_cycle] (3)")
    List<String> positional = new ArrayList<>();

    @Option(names = "--faults", paramLabel = "LIST", description = "Any of kill,partition,chaos,pause.")
    String faults;

    @Option(names = "--seed", paramLabel = "S", description = "Repeats a schedule of faults and operations.")
    String seed;

    @Option(
            names = "--workload",
            paramLabel = "KIND",
            description = "counter (default): increments and decrements; kv: puts, gets and deletes of the run's"
                    + " keys; both.")
    String workload;

    @Override
    public Integer call() throws InterruptedException {
        tool.layout();
        SimulationConfig asked = config();
        ClusterSession session = tool.session();
        // Without --seed, one small enough to read out and type back in.
        SimulationConfig config =
                seed != null ? asked : asked.withSeed(session.random().nextInt(1 << 30));
        return new Simulation(session, config).run();
    }

    @Override
    public Optional<String> explain(ParameterException error) {
        if (error instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()
                && unmatched.getUnmatched().get(0).startsWith("-")) {
            return Optional.of(
                    "Unknown simulation option '" + unmatched.getUnmatched().get(0)
                            + "' (expected --faults kill,partition,chaos,pause and --seed S)");
        }
        if (error instanceof MissingParameterException missing) {
            for (ArgSpec arg : missing.getMissing()) {
                if (arg instanceof OptionSpec option && option.longestName().equals("--faults")) {
                    return Optional.of("--faults needs a list, e.g. --faults kill,partition,chaos");
                }
                if (arg instanceof OptionSpec option && option.longestName().equals("--seed")) {
                    return Optional.of("--seed needs a number");
                }
                if (arg instanceof OptionSpec option && option.longestName().equals("--workload")) {
                    return Optional.of("--workload needs one of: counter, kv, both");
                }
            }
        }
        return Optional.empty();
    }

    /** The configuration asked for; without {@code --seed} its seed is 0 until one is drawn. */
    SimulationConfig config() {
        for (String arg : positional) {
            if (arg.startsWith("-")) {
                throw new UsageError("Unknown simulation option '" + arg
                        + "' (expected --faults kill,partition,chaos,pause and --seed S)");
            }
        }
        if (positional.size() > 3) {
            throw new UsageError("Too many arguments: " + String.join(" ", positional)
                    + " (expected [duration] [interval] [ops_per_cycle])");
        }
        String duration = positional.size() > 0 ? positional.get(0) : "60";
        String interval = positional.size() > 1 ? positional.get(1) : "2";
        String perCycle = positional.size() > 2 ? positional.get(2) : "3";
        int seconds = positive(duration, "duration must be a positive number of seconds (got '" + duration + "')");
        if (!interval.matches("[0-9]{1,9}(\\.[0-9]{1,3})?") || millis(interval) <= 0) {
            throw new UsageError("interval must be a positive number of seconds (got '" + interval + "')");
        }
        int ops = positive(perCycle, "ops_per_cycle must be a positive integer (got '" + perCycle + "')");
        List<FaultKind> kinds = faults == null ? List.of() : kinds(faults);
        long chosen = 0;
        if (seed != null) {
            if (!seed.matches("[0-9]{1,18}")) {
                throw new UsageError("seed must be a non-negative integer (got '" + seed + "')");
            }
            chosen = Long.parseLong(seed);
        }
        return new SimulationConfig(
                seconds, millis(interval), interval, ops, kinds, chosen, seed != null, workload(workload));
    }

    private static Workload workload(String word) {
        if (word == null) {
            return Workload.COUNTER;
        }
        return List.of(Workload.values()).stream()
                .filter(w -> w.word().equals(word))
                .findFirst()
                .orElseThrow(() -> new UsageError("Unknown workload '" + word + "' (expected counter, kv or both)"));
    }

    private static List<FaultKind> kinds(String list) {
        if (list.isEmpty()) {
            throw new UsageError("--faults needs at least one of: kill, partition, chaos, pause");
        }
        List<FaultKind> kinds = new ArrayList<>();
        for (String word : list.split(",", -1)) {
            FaultKind kind = List.of(FaultKind.values()).stream()
                    .filter(k -> k.word().equals(word))
                    .findFirst()
                    .orElseThrow(() -> new UsageError(
                            "Unknown fault '" + word + "' in --faults (expected kill, partition, chaos, pause)"));
            if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** A whole number from 1 up, or a usage error with {@code message}. */
    private static int positive(String text, String message) {
        if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) <= 0) {
            throw new UsageError(message);
        }
        return Integer.parseInt(text);
    }

    /** "2" or "0.25" seconds in milliseconds. */
    private static long millis(String seconds) {
        String[] parts = seconds.split("\\.", 2);
        String fraction = parts.length > 1 ? (parts[1] + "000").substring(0, 3) : "000";
        return Long.parseLong(parts[0]) * 1000 + Integer.parseInt(fraction);
    }
}

package dev.distcounter.common.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What every program of this project does with a bad command line: one line saying what is
 * wrong, the flag (or command) that was probably meant, and where the full list is, then exit
 * code 2. picocli's default prints the whole usage after the error, which buries the one line
 * that matters under a hundred others.
 *
 * <pre>
 * counter-node: Unknown option: '--wal-fsnc=false'; did you mean --wal-fsync? See 'counter-node --help'.
 * </pre>
 */
public final class ConciseUsageErrors implements CommandLine.IParameterExceptionHandler {
    /** The exit code of a bad command line, as picocli's default and every script here expect. */
    public static final int EXIT_CODE = 2;

    /** Takes the program's name and the line. */
    private final BiConsumer<String, String> report;

    private final Function<ParameterException, Optional<String>> ownWording;

    private ConciseUsageErrors(
            BiConsumer<String, String> report, Function<ParameterException, Optional<String>> ownWording) {
        this.report = report;
        this.ownWording = ownWording;
    }

    /** Prints the line on {@code err}, after the program's name: {@code counter-node: ...}. */
    public static ConciseUsageErrors printingTo(PrintWriter err) {
        return new ConciseUsageErrors(
                (program, line) -> {
                    err.println(program + ": " + line);
                    err.flush();
                },
                e -> Optional.empty());
    }

    /** Hands the line to {@code report}, for a program that prints its errors its own way. */
    public static ConciseUsageErrors reportingTo(Consumer<String> report) {
        return new ConciseUsageErrors((program, line) -> report.accept(line), e -> Optional.empty());
    }

    /**
     * The same, but {@code wording} may word an error its own way (returned as is); when it
     * returns empty, the line is built as usual.
     */
    public ConciseUsageErrors wordedFirstBy(Function<ParameterException, Optional<String>> wording) {
        return new ConciseUsageErrors(report, wording);
    }

    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine program = error.getCommandLine();
        while (program.getParent() != null) {
            program = program.getParent();
        }
        report.accept(program.getCommandName(), ownWording.apply(error).orElseGet(() -> describe(error)));
        return EXIT_CODE;
    }

    /**
     * picocli's reason, then {@code ; did you mean --x?} when a mistyped name is close to one
     * this command knows, then {@code See '<command> --help'.}
     */
    public static String describe(ParameterException error) {
        String reason = String.valueOf(error.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ");
        if (reason.endsWith(".")) {
            reason = reason.substring(0, reason.length() - 1);
        }
        StringBuilder line = new StringBuilder(reason);
        suggestion(error)
                .ifPresentOrElse(
                        meant -> line.append("; did you mean ").append(meant).append('?'), () -> line.append('.'));
        line.append(" See '").append(helpCommand(error.getCommandLine())).append(" --help'.");
        return line.toString();
    }

    /** The name an unmatched argument most likely meant: a long option, or else a subcommand. */
    static Optional<String> suggestion(ParameterException error) {
        if (!(error instanceof UnmatchedArgumentException unmatched)
                || unmatched.getUnmatched().isEmpty()) {
            return Optional.empty();
        }
        String argument = unmatched.getUnmatched().get(0);
        CommandSpec spec = error.getCommandLine().getCommandSpec();
        boolean looksLikeAFlag = argument.startsWith("-");
        if (!looksLikeAFlag && !spec.subcommands().isEmpty()) {
            return ClosestName.among(argument, visibleSubcommands(spec));
        }
        // Both "--wal-fsnc=false" and "wal-fsnc=false" (dashes forgotten) name a flag.
        String name = argument.replaceFirst("^-+", "");
        int equals = name.indexOf('=');
        if (equals >= 0) {
            name = name.substring(0, equals);
        }
        Map<String, String> flags = visibleLongOptions(spec);
        return ClosestName.among(name, flags.keySet()).map(flags::get);
    }

    /** Long option names without their dashes, mapped to the names as written. */
    private static Map<String, String> visibleLongOptions(CommandSpec spec) {
        Map<String, String> names = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    names.put(name.substring(2), name);
                }
            }
        }
        return names;
    }

    private static List<String> visibleSubcommands(CommandSpec spec) {
        return spec.subcommands().entrySet().stream()
                .filter(sub -> !sub.getValue().getCommandSpec().usageMessage().hidden())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The nearest command, from the one that failed up, that answers {@code --help}. */
    private static String helpCommand(CommandLine failed) {
        CommandLine command = failed;
        while (command.getCommandSpec().findOption("--help") == null && command.getParent() != null) {
            command = command.getParent();
        }
        return command.getCommandSpec().qualifiedName();
    }
}

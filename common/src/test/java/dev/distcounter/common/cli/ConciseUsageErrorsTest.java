package dev.distcounter.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class ConciseUsageErrorsTest {

    @Command(name = "counter-node", mixinStandardHelpOptions = true)
    static final class Node implements Runnable {
        @Option(names = "--addr")
        String addr;

        @Option(names = "--sync")
        Duration sync;

        @Option(names = "--wal", arity = "0..1")
        boolean wal;

        @Option(names = "--wal-fsync", arity = "0..1")
        boolean walFsync;

        @Option(names = "--wal-max-size")
        long walMaxSize;

        @Option(names = "--max-peers")
        int maxPeers;

        @Option(names = "--secret", hidden = true)
        String secret;

        @Override
        public void run() {}
    }

    @Command(name = "history-check")
    static final class HistoryCheck implements Runnable {
        @Parameters(paramLabel = "FILE")
        String file;

        @Override
        public void run() {}
    }

    @Command(name = "status")
    static final class Status implements Runnable {
        @Override
        public void run() {}
    }

    @Command(
            name = "cluster-tool",
            mixinStandardHelpOptions = true,
            subcommands = {HistoryCheck.class, Status.class})
    static final class Tool implements Runnable {
        @Option(names = "--nodes")
        Integer nodes;

        @Override
        public void run() {}
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setParameterExceptionHandler(ConciseUsageErrors.printingTo(cli.getErr()));
        return cli.execute(args);
    }

    @Test
    void anUnknownFlagNearAKnownOneNamesIt() {
        int code = run(new Node(), "--wal-fsnc=false");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("counter-node: Unknown option: '--wal-fsnc=false'; did you mean --wal-fsync?"
                        + " See 'counter-node --help'.\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownFlagFarFromEveryKnownOneGetsNoGuess() {
        int code = run(new Node(), "--frobnicate");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("counter-node: Unknown option: '--frobnicate'. See 'counter-node --help'.\n");
    }

    @Test
    void aBadValueForAKnownFlagSaysWhatIsWrongWithoutTheUsage() {
        int code = run(new Node(), "--max-peers=lots");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("counter-node: Invalid value for option '--max-peers': 'lots' is not an int")
                .endsWith(" See 'counter-node --help'.\n")
                .doesNotContain("Usage")
                .hasLineCount(1);
    }

    @Test
    void aMissingValueNamesTheFlag() {
        int code = run(new Node(), "--addr");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("counter-node: Missing required parameter for option '--addr'")
                .endsWith(" See 'counter-node --help'.\n")
                .hasLineCount(1);
    }

    @Test
    void goStyleSingleDashAndForgottenDashesFindTheFlagToo() {
        assertThat(describe(new Node(), "-wal-fsnc=false")).contains("did you mean --wal-fsync?");
        assertThat(describe(new Node(), "wal-fsync=false")).contains("did you mean --wal-fsync?");
        assertThat(describe(new Node(), "--SYNC=2s")).contains("did you mean --sync?");
        assertThat(describe(new Node(), "--max-peer")).contains("did you mean --max-peers?");
    }

    @Test
    void hiddenFlagsAreNeverSuggested() {
        assertThat(describe(new Node(), "--secrets")).doesNotContain("did you mean");
    }

    @Test
    void aMistypedSubcommandNamesTheCommandAndTheTopLevelHelp() {
        int code = run(new Tool(), "stauts");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("cluster-tool: Unmatched argument at index 0: 'stauts'; did you mean status?"
                        + " See 'cluster-tool --help'.\n");
    }

    @Test
    void aSubcommandWithoutHelpPointsAtTheNearestCommandWithIt() {
        run(new Tool(), "history-check", "a", "b");

        assertThat(err.toString())
                .isEqualTo("cluster-tool: Unmatched argument at index 2: 'b'. See 'cluster-tool --help'.\n");
    }

    @Test
    void aProgramMayReportTheLineItsOwnWayAndWordSomeErrorsItself() {
        List<String> reported = new ArrayList<>();
        CommandLine cli = new CommandLine(new Tool());
        cli.setParameterExceptionHandler(ConciseUsageErrors.reportingTo(reported::add)
                .wordedFirstBy(e -> e.getMessage().contains("'b'") ? Optional.of("too many files") : Optional.empty()));

        assertThat(cli.execute("history-check", "a", "b")).isEqualTo(2);
        assertThat(cli.execute("--nodez=3")).isEqualTo(2);
        assertThat(reported)
                .containsExactly(
                        "too many files",
                        "Unknown option: '--nodez=3'; did you mean --nodes? See 'cluster-tool --help'.");
    }

    private static String describe(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return ConciseUsageErrors.describe(e);
        }
        throw new AssertionError("no error for " + String.join(" ", args));
    }
}

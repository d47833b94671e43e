package dev.distcounter.node.cli;

import ch.qos.logback.classic.LoggerContext;
import dev.distcounter.common.GoFlagSyntax;
import dev.distcounter.common.cli.ConciseUsageErrors;
import dev.distcounter.node.CounterNode;
import dev.distcounter.node.NodeConfig;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code java -jar counter-node.jar [flags]}: parses the command line, starts the node and
 * keeps it running until SIGTERM or SIGINT, which stop it cleanly (exit 0).
 */
public final class CounterNodeMain {
    private static final Logger log = LoggerFactory.getLogger(CounterNodeMain.class);

    private CounterNodeMain() {}

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        PrintWriter out = cli.getOut();
        PrintWriter err = cli.getErr();
        NodeConfig config;
        try {
            ParseResult parsed = cli.parseArgs(normalize(cli, args));
            if (CommandLine.printHelpIfRequested(parsed)) {
                System.exit(0);
            }
            CounterNodeCommand command = cli.getCommand();
            command.applyLogLevel();
            config = command.toConfig();
        } catch (CommandLine.ParameterException e) {
            System.exit(usageError(e, err));
            return;
        }
        CounterNode node;
        try {
            node = CounterNode.start(config);
        } catch (Exception e) {
            log.error("{}: failed to start: {}", config.address(), e.getMessage());
            err.println("counter-node: failed to start: " + e.getMessage());
            if (e instanceof dev.distcounter.wal.WalCorruptionException) {
                err.println("The WAL is damaged in the middle. Start with --wal-repair to truncate it there; the cut"
                        + " bytes are kept in " + config.storage().dir().resolve("quarantine") + ".");
            }
            err.flush();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            node.close();
                            stopped.countDown();
                            ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
                            // A stop by SIGTERM/SIGINT is the normal way to end a node: report success, not 143.
                            Runtime.getRuntime().halt(0);
                        },
                        "shutdown"));
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The parser, with picocli's messages going to stdout (help) and stderr (errors). */
    public static CommandLine commandLine() {
        return new CommandLine(new CounterNodeCommand());
    }

    /** Rewrites Go-style single-dash flags for this command's options. */
    public static String[] normalize(CommandLine cli, String[] args) {
        Set<String> names = new HashSet<>();
        for (OptionSpec option : cli.getCommandSpec().options()) {
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    names.add(name);
                }
            }
        }
        return GoFlagSyntax.normalize(args, names);
    }

    /**
     * Prints one line to {@code err}: what is wrong, the flag probably meant, and where the full
     * list is (not the whole usage); returns exit code 2.
     */
    public static int usageError(CommandLine.ParameterException e, PrintWriter err) {
        return ConciseUsageErrors.printingTo(err).handleParseException(e, new String[0]);
    }
}

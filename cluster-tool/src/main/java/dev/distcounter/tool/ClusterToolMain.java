package dev.distcounter.tool;

import dev.distcounter.common.cli.ConciseUsageErrors;
import dev.distcounter.tool.cluster.ProcessControlException;
import dev.distcounter.tool.console.Terminal;
import dev.distcounter.tool.http.ReplyReaders;
import dev.distcounter.tool.http.SelectorThreads;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The entry point: exit 0 when the command did its work, 1 when it failed (a node unreachable,
 * no convergence, an INVALID history), 2 for bad arguments or an unusable file.
 */
public final class ClusterToolMain {
    public static final int DONE = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private ClusterToolMain() {}

    public static void main(String[] args) {
        ReplyReaders.prepareInBackground();
        // UTF-8 whatever the locale: the lines carry ✓ and ✗, and the script printed them as bytes.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int exit = run(args, SessionFactory.LIVE, out, err);
        out.flush();
        err.flush();
        SelectorThreads.stop();
        System.exit(exit);
    }

    /** The whole program minus {@link System#exit}, against the given cluster, so tests can call it. */
    public static int run(String[] args, SessionFactory sessions, PrintStream out, PrintStream err) {
        ClusterToolCommand top = new ClusterToolCommand(sessions, out, err);
        CommandLine cli = new CommandLine(top);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // Arguments are data (keys and values among them): "@name" is never a file to read them from.
        cli.setExpandAtFiles(false);
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        // One line, the name probably meant and where --help is; never the whole usage.
        cli.setParameterExceptionHandler(ConciseUsageErrors.reportingTo(new Terminal(out, err, false)::failOnStderr)
                .wordedFirstBy(e -> e.getCommandLine().getCommand() instanceof ArgumentMessages own
                        ? own.explain(e)
                        : Optional.empty()));
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            Terminal terminal = top.terminal();
            if (e instanceof UsageError) {
                terminal.failOnStderr(e.getMessage());
                return USAGE;
            }
            if (e instanceof CommandFailure || e instanceof ProcessControlException) {
                terminal.failOnStderr(e.getMessage());
                return FAILED;
            }
            throw e;
        });
        return cli.execute(args);
    }
}

package dev.distcounter.discovery;

import dev.distcounter.common.cli.ConciseUsageErrors;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of {@code discovery-server.jar}. */
public final class DiscoveryMain {
    private DiscoveryMain() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(args, out, err));
    }

    /**
     * Runs the command line and returns the process exit code: 0 after help, version or a clean
     * stop, 1 when the server cannot start, 2 for a bad command line (one line on {@code err}:
     * what is wrong and the flag probably meant, not the whole usage). Kept apart from {@link #main} so tests can run it without exiting the JVM.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = DiscoveryCommand.newCommandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(ConciseUsageErrors.printingTo(err));
        int exitCode = commandLine.execute(DiscoveryCommand.goStyle(commandLine, args));
        out.flush();
        err.flush();
        return exitCode;
    }
}

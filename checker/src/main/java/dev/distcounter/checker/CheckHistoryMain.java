package dev.distcounter.checker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code java -cp counter-node.jar dev.distcounter.checker.CheckHistoryMain <history.jsonl>}:
 * prints the check report; exits 0 when valid, 1 when invalid, 2 on a usage error or a file that
 * cannot be read (the message names the offending line), so scripts can tell "the system broke a
 * promise" from "the recording is broken".
 */
public final class CheckHistoryMain {
    static final int VALID = 0;
    static final int INVALID = 1;
    static final int UNUSABLE = 2;

    private CheckHistoryMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The whole program, minus {@link System#exit}, so tests can call it. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1 || args[0].isBlank()) {
            err.println("usage: CheckHistoryMain <history.jsonl>");
            return UNUSABLE;
        }
        History history;
        try {
            history = History.read(Path.of(args[0]));
        } catch (NoSuchFileException e) {
            err.println(args[0] + ": no such file");
            return UNUSABLE;
        } catch (IOException | RuntimeException e) {
            err.println(args[0] + ": " + e.getMessage());
            return UNUSABLE;
        }
        CheckResult result = HistoryChecker.check(history);
        out.println(result.report());
        return result.valid() ? VALID : INVALID;
    }
}

package dev.distcounter.tool.history;

import dev.distcounter.checker.CheckResult;
import dev.distcounter.checker.History;
import dev.distcounter.checker.HistoryChecker;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The checker's verdict on a history file, or why there is none: a file that cannot be read or
 * parsed says nothing about the cluster, so it is neither valid nor invalid.
 *
 * @param result  the verdict, null when there is none
 * @param problem why there is no verdict ("FILE: line 5: ..."), null with a verdict
 */
public record FileVerdict(CheckResult result, String problem) {
    public static FileVerdict of(Path file) {
        History history;
        try {
            history = History.read(file);
        } catch (NoSuchFileException e) {
            return new FileVerdict(null, file + ": no such file");
        } catch (IOException | RuntimeException e) {
            return new FileVerdict(null, file + ": " + e.getMessage());
        }
        return new FileVerdict(HistoryChecker.check(history), null);
    }

    /**
     * Checks {@code file}, giving up after {@code limit}: a history the checker cannot finish
     * with (its subset sums grow with the indeterminate operations) gets no verdict.
     */
    public static FileVerdict within(Path file, Duration limit) throws InterruptedException {
        FutureTask<FileVerdict> check = new FutureTask<>(() -> of(file));
        Thread thread = new Thread(check, "history-check");
        thread.setDaemon(true);
        thread.start();
        try {
            return check.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            return new FileVerdict(null, "no verdict within " + limit.toSeconds() + "s");
        } catch (ExecutionException e) {
            return new FileVerdict(null, file + ": " + e.getCause());
        }
    }

    public boolean valid() {
        return result != null && result.valid();
    }

    public boolean invalid() {
        return result != null && !result.valid();
    }
}

package dev.distcounter.tool.history;

import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.ClusterToolMain;
import dev.distcounter.tool.UsageError;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code history-check FILE}: prints the checker's report on a history (its counter operations,
 * and its keyspace operations when it has some); exit 0 when it is VALID,
 * 1 when INVALID, 2 when the file cannot be read (the message names the offending line), so a
 * script can tell "the cluster broke a promise" from "the recording is broken".
 */
@Command(
        name = "history-check",
        description = "Check a simulation's history (JSON Lines): exit 0 VALID, 1 INVALID, 2 unusable file.")
public final class HistoryCheckCommand implements Callable<Integer> {
    @ParentCommand
    ClusterToolCommand tool;

    @Parameters(index = "0", paramLabel = "FILE", description = "A history, e.g. logs/history-20261121-071912.jsonl.")
    String file;

    @Override
    public Integer call() {
        if (file.isBlank()) {
            throw new UsageError("usage: history-check <history.jsonl>");
        }
        FileVerdict verdict = FileVerdict.of(Path.of(file));
        if (verdict.result() == null) {
            tool.err().println(verdict.problem());
            return ClusterToolMain.USAGE;
        }
        tool.out().println(verdict.result().report());
        return verdict.valid() ? ClusterToolMain.DONE : ClusterToolMain.FAILED;
    }
}

package dev.distcounter.tool.keyspace;

import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.http.KvWriteResult;
import picocli.CommandLine.Command;

/**
 * {@code delete KEY [--node N]}: a tombstone through node N, or a random running node, written as
 * a put is; exit 1 unless it was applied, saying whether it certainly was not or may have been.
 */
@Command(name = "delete", description = "Delete KEY through node N, or a random running node.")
public final class DeleteCommand extends KeyspaceCommand {
    @Override
    String scriptUsage() {
        return "del KEY [N]";
    }

    @Override
    int run(ClusterSession session, int node, KeyspaceLines lines) {
        KvWriteResult result = session.api().kvDelete(node, key);
        if (result.outcome() == WriteOutcome.APPLIED) {
            session.terminal().ok(lines.deleted(key, result, node));
            return 0;
        }
        session.terminal().fail(lines.writeFailed("delete", key, result, node));
        return 1;
    }
}

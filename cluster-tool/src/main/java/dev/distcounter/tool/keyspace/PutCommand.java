package dev.distcounter.tool.keyspace;

import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.http.KvWriteResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code put KEY VALUE [--node N]}: one put through node N, or a random running node; exit 1
 * unless it was applied, saying whether it certainly was not or may have been.
 */
@Command(name = "put", description = "Put KEY = VALUE through node N, or a random running node.")
public final class PutCommand extends KeyspaceCommand {
    @Parameters(index = "1", paramLabel = "VALUE", description = "Up to 1 MiB of UTF-8.")
    String value;

    @Override
    String scriptUsage() {
        return "put KEY VALUE [N]";
    }

    @Override
    int run(ClusterSession session, int node, KeyspaceLines lines) {
        KvWriteResult result = session.api().kvPut(node, key, value);
        if (result.outcome() == WriteOutcome.APPLIED) {
            session.terminal().ok(lines.value(key, value, result.version(), node, result.owner()));
            return 0;
        }
        session.terminal().fail(lines.writeFailed("put", key, result, node));
        return 1;
    }
}

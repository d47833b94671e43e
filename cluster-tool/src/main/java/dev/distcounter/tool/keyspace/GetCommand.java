package dev.distcounter.tool.keyspace;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.http.KvValue;
import dev.distcounter.tool.http.Reply;
import picocli.CommandLine.Command;

/**
 * {@code get KEY [--node N]}: a quorum read through node N, or a random running node. Exit 0 when
 * the key was found, 1 when it was not (never written, or deleted: as {@code grep} does, so a
 * script can test for the key) or could not be read.
 */
@Command(name = "get", description = "Read KEY through node N, or a random running node.")
public final class GetCommand extends KeyspaceCommand {
    @Override
    String scriptUsage() {
        return "get KEY [N]";
    }

    @Override
    int run(ClusterSession session, int node, KeyspaceLines lines) {
        Reply<KvValue> reply = session.api().kvGet(node, key);
        if (!reply.ok()) {
            session.terminal().fail(lines.failed("get", key, reply.status(), reply.problem(), node));
            return 1;
        }
        KvValue read = reply.body();
        if (!read.found()) {
            session.terminal().warn(lines.notFound(key, read, node));
            return 1;
        }
        long version = read.version() == null ? 0 : read.version();
        session.terminal().ok(lines.value(key, read.value(), version, node, read.owner()));
        return 0;
    }
}

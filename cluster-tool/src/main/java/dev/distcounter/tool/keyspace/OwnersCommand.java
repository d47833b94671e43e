package dev.distcounter.tool.keyspace;

import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.TargetNode;
import dev.distcounter.tool.http.KvOwners;
import dev.distcounter.tool.http.Reply;
import picocli.CommandLine.Command;

/**
 * {@code owners KEY [--node N]}: the replicas of KEY, primary first, with their states, as node N
 * sees them (default: node 1, or the lowest-numbered running node when node 1 is down); exit 1
 * when the node cannot say.
 */
@Command(name = "owners", description = "The replicas of KEY, primary first, as node N (default: 1) sees them.")
public final class OwnersCommand extends KeyspaceCommand {
    @Override
    String scriptUsage() {
        return "owners KEY [N]";
    }

    @Override
    int pick(ClusterSession session, Integer given) {
        return TargetNode.givenOrFirst(session, given);
    }

    @Override
    int run(ClusterSession session, int node, KeyspaceLines lines) {
        Reply<KvOwners> reply = session.api().kvOwners(node, key);
        if (!reply.ok()) {
            session.terminal().fail(lines.failed("owners of", key, reply.status(), reply.problem(), node));
            return 1;
        }
        session.terminal().line(lines.owners(reply.body(), node));
        return 0;
    }
}

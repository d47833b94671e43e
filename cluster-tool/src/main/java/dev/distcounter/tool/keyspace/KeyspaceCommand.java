package dev.distcounter.tool.keyspace;

import dev.distcounter.tool.ArgumentMessages;
import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ClusterToolCommand;
import dev.distcounter.tool.TargetNode;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What the keyspace commands share: a KEY first, {@code --node N} (the node that coordinates the
 * request, checked before the cluster is asked anything: exit 2), one request, one line. Too few
 * or too many arguments are worded as run-cluster.sh takes them, the node last without
 * {@code --node}, since that is where the operator typed them.
 */
abstract class KeyspaceCommand implements Callable<Integer>, ArgumentMessages {
    @ParentCommand
    ClusterToolCommand tool;

    @Parameters(index = "0", paramLabel = "KEY", description = "1 to 1024 bytes of UTF-8.")
    String key;

    @Mixin
    NodeOption node;

    /** The command as run-cluster.sh takes it: "put KEY VALUE [N]". */
    abstract String scriptUsage();

    /** Sends the request to {@code node} and prints its line; the exit code. */
    abstract int run(ClusterSession session, int node, KeyspaceLines lines);

    /** The node given, or a random running node; a command may choose otherwise. */
    int pick(ClusterSession session, Integer given) {
        return TargetNode.givenOrRandom(session, given);
    }

    /** "Usage: ./run-cluster.sh put KEY VALUE [N]" for a missing or extra argument; else picocli's message. */
    @Override
    public final Optional<String> explain(ParameterException error) {
        if (error instanceof MissingParameterException || error instanceof UnmatchedArgumentException) {
            return Optional.of("Usage: " + tool.scriptName() + " " + scriptUsage());
        }
        return Optional.empty();
    }

    @Override
    public final Integer call() {
        Integer given = node.parse(tool.layout());
        ClusterSession session = tool.session();
        return run(session, pick(session, given), new KeyspaceLines(session.layout()));
    }
}

package dev.distcounter.tool;

import java.util.List;

/**
 * The node a one-request command talks to: the one the operator named (tried even when its
 * process is not running, with a warning, since the script's PID file may be stale), or else one
 * picked among the running nodes.
 */
public final class TargetNode {
    private TargetNode() {}

    /**
     * Node {@code given} (already checked against the layout), or a random running node when it is
     * null; no node running is the usual failure, exit 1.
     */
    public static int givenOrRandom(ClusterSession session, Integer given) {
        if (given != null) {
            return tryAnyway(session, given);
        }
        List<Integer> running = session.requireRunningNodes().nodeNumbers();
        return running.get(session.random().nextInt(running.size()));
    }

    /** Node {@code given}, or the lowest-numbered running node (node 1 unless it is down) when it is null. */
    public static int givenOrFirst(ClusterSession session, Integer given) {
        if (given != null) {
            return tryAnyway(session, given);
        }
        return session.requireRunningNodes().nodeNumbers().get(0);
    }

    private static int tryAnyway(ClusterSession session, int node) {
        if (!session.processes().running().runs(node)) {
            session.terminal()
                    .warn("Node " + node + " is not running (no live process in "
                            + session.layout().pidFile(node) + "); trying anyway");
        }
        return node;
    }
}

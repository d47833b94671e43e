package dev.distcounter.tool.cluster;

/**
 * The cluster's processes, owned by run-cluster.sh: the tool asks it which run, and has it kill
 * and start nodes, rather than keeping a second copy of its PID files and launch flags.
 */
public interface NodeProcesses {
    RunningProcesses running();

    /**
     * SIGKILLs node {@code node} and waits until it is gone.
     *
     * @return the PID it had
     * @throws ProcessControlException when it was not running or survived the signal
     */
    long kill(int node);

    /**
     * Starts node {@code node} with its usual flags and waits for its {@code /health}; the script
     * reports progress on the tool's stdout as it does for {@code start}.
     *
     * @return true when the node answers
     */
    boolean launch(int node);

    /**
     * SIGSTOPs node {@code node}: it stays alive but runs nothing, as in a long GC pause.
     *
     * @return its PID
     * @throws ProcessControlException when it was not running
     */
    long pause(int node);

    /**
     * SIGCONTs node {@code node}, paused or not (a running process ignores it).
     *
     * @return false when it was not running
     */
    boolean resume(int node);
}

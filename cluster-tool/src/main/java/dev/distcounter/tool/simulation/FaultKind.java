package dev.distcounter.tool.simulation;

import java.util.Locale;

/** The faults a simulation can inject, as {@code --faults} names them. */
public enum FaultKind {
    /** SIGKILL a random running node; it is started again when the fault ends. */
    KILL,
    /** Cut the running nodes into two random groups. */
    PARTITION,
    /** Every running node drops a share of its outbound frames. */
    CHAOS,
    /** SIGSTOP a random running node for a few seconds, then SIGCONT: a long GC pause. */
    PAUSE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}

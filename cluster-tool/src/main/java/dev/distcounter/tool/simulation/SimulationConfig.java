package dev.distcounter.tool.simulation;

import java.util.List;

/**
 * One simulation, as the operator asked for it.
 *
 * @param durationSeconds how long operations are sent
 * @param intervalMillis  a cycle's length
 * @param intervalText    the interval as written ("2", "0.5"), for the header line
 * @param opsPerCycle     requests sent at the start of every cycle
 * @param faults          the kinds of fault to inject, in the order given; empty for none
 * @param seed            draws the faults and the operations
 * @param seedGiven       whether the operator chose the seed (then it is printed even without faults)
 * @param workload        what each cycle sends: the counter's writes, keys, or both
 */
public record SimulationConfig(
        int durationSeconds,
        long intervalMillis,
        String intervalText,
        int opsPerCycle,
        List<FaultKind> faults,
        long seed,
        boolean seedGiven,
        Workload workload) {
    /** How long the nodes may take to agree before the simulation starts. */
    public static final int BASELINE_SECONDS = 15;
    /** The slowest node's sync interval (node 5), which bounds convergence without faults. */
    public static final int SLOWEST_SYNC_SECONDS = 5;
    /** How long a simulation with faults waits for convergence after healing. */
    public static final int FAULT_CONVERGE_SECONDS = 60;
    /** How long the history checker may run. */
    public static final int CHECK_SECONDS = 120;

    public SimulationConfig {
        faults = List.copyOf(faults);
    }

    /** The counter's simulation. */
    public SimulationConfig(
            int durationSeconds,
            long intervalMillis,
            String intervalText,
            int opsPerCycle,
            List<FaultKind> faults,
            long seed,
            boolean seedGiven) {
        this(durationSeconds, intervalMillis, intervalText, opsPerCycle, faults, seed, seedGiven, Workload.COUNTER);
    }

    public SimulationConfig withSeed(long drawn) {
        return new SimulationConfig(
                durationSeconds, intervalMillis, intervalText, opsPerCycle, faults, drawn, seedGiven, workload);
    }

    public boolean withFaults() {
        return !faults.isEmpty();
    }

    /** Without faults: three rounds of the slowest sync, at least 30 s. */
    public int convergeSeconds() {
        return Math.max(3 * SLOWEST_SYNC_SECONDS, 30);
    }
}

package dev.distcounter.tool.simulation;

import java.util.Locale;

/** What a simulation sends, as {@code --workload} names it: the counter's writes, keys, or both. */
public enum Workload {
    /** Increments and decrements only, the simulation as it always was. */
    COUNTER,
    /** Puts, gets and deletes of the run's keys only ({@link KeyWorkload}); the counter is left alone. */
    KV,
    /** Both, each with {@code ops_per_cycle} requests a cycle. */
    BOTH;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean counter() {
        return this != KV;
    }

    public boolean keys() {
        return this != COUNTER;
    }
}

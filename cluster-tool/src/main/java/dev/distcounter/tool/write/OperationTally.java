package dev.distcounter.tool.write;

import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.tool.http.Change;

/**
 * What a series of writes should leave the counter at: the baseline plus every applied write
 * exactly once ({@link #expected()}), and, since an indeterminate write may or may not have
 * counted, any value from {@link #lowest()} (all indeterminate decrements counted, no
 * indeterminate increment) to {@link #highest()}. Writes certainly not applied count for nothing.
 */
public final class OperationTally {
    private final long baseline;
    private int ackedIncrements;
    private int ackedDecrements;
    private int indeterminateIncrements;
    private int indeterminateDecrements;
    private int refused;

    public OperationTally(long baseline) {
        this.baseline = baseline;
    }

    public void add(Change change, WriteOutcome outcome) {
        boolean up = change == Change.INCREMENT;
        switch (outcome) {
            case APPLIED -> {
                if (up) {
                    ackedIncrements++;
                } else {
                    ackedDecrements++;
                }
            }
            case INDETERMINATE -> {
                if (up) {
                    indeterminateIncrements++;
                } else {
                    indeterminateDecrements++;
                }
            }
            case NOT_APPLIED -> refused++;
        }
    }

    public long baseline() {
        return baseline;
    }

    public int sent() {
        return acked() + indeterminate() + refused;
    }

    public int acked() {
        return ackedIncrements + ackedDecrements;
    }

    public int ackedIncrements() {
        return ackedIncrements;
    }

    public int ackedDecrements() {
        return ackedDecrements;
    }

    public int indeterminate() {
        return indeterminateIncrements + indeterminateDecrements;
    }

    public int indeterminateIncrements() {
        return indeterminateIncrements;
    }

    public int indeterminateDecrements() {
        return indeterminateDecrements;
    }

    public int refused() {
        return refused;
    }

    /** The baseline plus the applied writes. */
    public long expected() {
        return baseline + ackedIncrements - ackedDecrements;
    }

    public long lowest() {
        return expected() - indeterminateDecrements;
    }

    public long highest() {
        return expected() + indeterminateIncrements;
    }

    /** No indeterminate write: only {@link #expected()} is right. */
    public boolean exact() {
        return lowest() == highest();
    }

    public boolean allows(long value) {
        return value >= lowest() && value <= highest();
    }

    /** "[lo, hi]". */
    public String range() {
        return "[" + lowest() + ", " + highest() + "]";
    }
}

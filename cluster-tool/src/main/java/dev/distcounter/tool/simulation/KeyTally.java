package dev.distcounter.tool.simulation;

import dev.distcounter.common.http.WriteOutcome;

/** The simulation's key requests so far, by outcome, for its summary line; one thread. */
final class KeyTally {
    private int applied;
    private int indeterminate;
    private int notApplied;
    private int answered;
    private int unanswered;

    void write(WriteOutcome outcome) {
        switch (outcome) {
            case APPLIED -> applied++;
            case INDETERMINATE -> indeterminate++;
            case NOT_APPLIED -> notApplied++;
        }
    }

    void read(boolean ok) {
        if (ok) {
            answered++;
        } else {
            unanswered++;
        }
    }

    int sent() {
        return applied + indeterminate + notApplied + answered + unanswered;
    }

    /** "24 key requests: 14 writes applied, 2 indeterminate, 1 not applied; 6 gets answered, 1 not". */
    String summary() {
        return sent() + " key request(s): " + applied + " write(s) applied, " + indeterminate + " indeterminate, "
                + notApplied + " not applied; " + answered + " get(s) answered, " + unanswered + " not";
    }
}

package dev.distcounter.tool.http;

import java.util.Locale;

/** An increment or a decrement by one: the tool's only writes. */
public enum Change {
    INCREMENT("incremented", "Incrementing", 1),
    DECREMENT("decremented", "Decrementing", -1);

    private final String pastTense;
    private final String progressive;
    private final long delta;

    Change(String pastTense, String progressive, long delta) {
        this.pastTense = pastTense;
        this.progressive = progressive;
        this.delta = delta;
    }

    /** {@code increment} or {@code decrement}: the endpoint and the word in messages. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String progressive() {
        return progressive;
    }

    public long delta() {
        return delta;
    }

    /** The node's text reply to an applied write: "Counter incremented to 5 (version 7)". */
    public String replyLine(long value, long version) {
        return "Counter " + pastTense + " to " + value + " (version " + version + ")";
    }
}

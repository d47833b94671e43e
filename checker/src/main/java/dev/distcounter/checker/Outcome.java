package dev.distcounter.checker;

import dev.distcounter.common.http.WriteOutcome;

/** What a client learned about one request, in Jepsen's terms. */
public enum Outcome {
    /** HTTP 200: the node applied the request and made it durable. */
    OK("ok"),
    /** Refused or never sent: certainly not applied. */
    FAIL("fail"),
    /** Indeterminate (5xx, timeout, reset): may or may not be applied, but never twice. */
    INFO("info");

    private final String json;

    Outcome(String json) {
        this.json = json;
    }

    /** The spelling in history files. */
    public String json() {
        return json;
    }

    /** The history's name for what a client learned about a write. */
    public static Outcome of(WriteOutcome write) {
        return switch (write) {
            case APPLIED -> OK;
            case NOT_APPLIED -> FAIL;
            case INDETERMINATE -> INFO;
        };
    }

    /** The outcome spelled {@code text} in a history file; fails on any other spelling. */
    public static Outcome fromJson(String text) {
        for (Outcome o : values()) {
            if (o.json.equals(text)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome \"" + text + "\" (expected ok, fail or info)");
    }
}

package dev.distcounter.common.http;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.Locale;

/**
 * What a client knows about a write it sent: the one rule every part uses (the node when it
 * answers, the operator's tool, the history recorder, the tests), carried in the {@code outcome}
 * field of every JSON reply to a write (docs/guarantees.md §3).
 *
 * <table>
 *   <caption>Replies and what they mean</caption>
 *   <tr><th>reply</th><th>outcome</th></tr>
 *   <tr><td>200</td><td>{@link #APPLIED}</td></tr>
 *   <tr><td>4xx; 503 whose log had already failed; connection refused</td><td>{@link #NOT_APPLIED}</td></tr>
 *   <tr><td>any other 5xx; a timeout, reset or empty reply</td><td>{@link #INDETERMINATE}</td></tr>
 * </table>
 */
public enum WriteOutcome {
    /** Durable on the node and counted exactly once once the cluster converges. */
    APPLIED,
    /** Certainly not applied: refused, or never reached the node. */
    NOT_APPLIED,
    /** May or may not be applied, but never twice. */
    INDETERMINATE;

    /** The spelling in JSON replies: {@code applied}, {@code not_applied}, {@code indeterminate}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome spelled {@code text}; fails on any other spelling. */
    public static WriteOutcome fromJson(String text) {
        for (WriteOutcome outcome : values()) {
            if (outcome.json().equals(text)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException(
                "unknown write outcome \"" + text + "\" (expected applied, not_applied or indeterminate)");
    }

    /**
     * The outcome of a write that got an HTTP reply: the reply's {@code outcome} field when it has
     * one (null when absent or unreadable), otherwise what its status alone allows (200 applied,
     * 4xx not applied, anything else indeterminate).
     */
    public static WriteOutcome ofReply(int status, String outcomeField) {
        if (outcomeField != null) {
            return fromJson(outcomeField);
        }
        if (status == 200) {
            return APPLIED;
        }
        return status >= 400 && status < 500 ? NOT_APPLIED : INDETERMINATE;
    }

    /**
     * The outcome of a write that got no reply: not applied when the connection was never made
     * (refused, or the connect timed out), indeterminate otherwise (the request may have arrived).
     */
    public static WriteOutcome ofFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return NOT_APPLIED;
            }
        }
        return INDETERMINATE;
    }
}

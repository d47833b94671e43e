package dev.distcounter.tool.http;

import dev.distcounter.common.http.WriteOutcome;

/**
 * What the tool learned from one write.
 *
 * @param outcome        applied, not applied, or indeterminate
 * @param status         the HTTP status, 0 when nothing came back
 * @param reply          the reply's body, null when there was none the tool could read
 * @param problem        the node's {@code error}, or what went wrong on the way; empty when applied
 * @param invokeMillis   when the request was sent (epoch milliseconds)
 * @param completeMillis when its answer, or the failure, came back
 */
public record WriteResult(
        WriteOutcome outcome, int status, WriteReply reply, String problem, long invokeMillis, long completeMillis) {
    /** The node's state right after an applied write, when its reply said so. */
    public boolean hasState() {
        return outcome == WriteOutcome.APPLIED && reply != null && reply.value() != null && reply.version() != null;
    }

    public String code() {
        return String.format("%03d", status);
    }
}

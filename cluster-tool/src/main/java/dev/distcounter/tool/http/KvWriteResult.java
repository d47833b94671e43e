package dev.distcounter.tool.http;

import dev.distcounter.common.http.WriteOutcome;

/**
 * What the tool learned from one key-value put or delete.
 *
 * @param outcome applied, not applied, or indeterminate ({@link WriteOutcome}, as for the counter's writes)
 * @param status  the HTTP status, 0 when nothing came back
 * @param reply   the reply's body, null when there was none the tool could read
 * @param problem the node's {@code error}, or what went wrong on the way; empty when applied
 */
public record KvWriteResult(WriteOutcome outcome, int status, KvWriteReply reply, String problem) {
    /** The version the write got; 0 unless applied. */
    public long version() {
        return reply == null || reply.version() == null ? 0 : reply.version();
    }

    /** The key's primary replica as the node named it; "" when it did not. */
    public String owner() {
        return reply == null || reply.owner() == null ? "" : reply.owner();
    }
}

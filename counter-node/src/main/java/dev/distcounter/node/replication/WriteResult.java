package dev.distcounter.node.replication;

import dev.distcounter.common.http.WriteOutcome;

/**
 * How a put or delete ended, as its coordinator answers it.
 *
 * @param ok      W replicas hold it durably
 * @param version the version clients see (0 when not ok)
 * @param owner   the key's primary replica ("" when the key was refused before placement)
 * @param error   why not ok (null when ok)
 * @param outcome applied when ok; otherwise whether the write is certainly not applied or may be
 */
public record WriteResult(boolean ok, long version, String owner, String error, WriteOutcome outcome) {
    public static WriteResult applied(long version, String owner) {
        return new WriteResult(true, version, owner, null, WriteOutcome.APPLIED);
    }

    public static WriteResult failed(String owner, String error, WriteOutcome outcome) {
        if (outcome == WriteOutcome.APPLIED) {
            throw new IllegalArgumentException("a failed write cannot be applied");
        }
        return new WriteResult(false, 0, owner, error, outcome);
    }
}

package dev.distcounter.node.replication;

import dev.distcounter.node.kv.Version;
import java.util.Objects;

/**
 * KV_WRITE_REPLY: how a replica took the {@link WriteRequest} with the same {@code requestId}.
 * Binary form: {@link ReplicaMessages}.
 *
 * @param requestId the request's id
 * @param status    stored, refused because it holds newer, or failed
 * @param held      for {@link Status#STORED} the version written; for {@link Status#HOLDS_NEWER}
 *                  the newer version the replica holds; null exactly when {@link Status#FAILED}
 * @param priorCounter for {@link Status#STORED}, the counter of the version the write replaced
 *                  (0: the replica held nothing): a coordinator that chose the write's version
 *                  without a pre-read learns from it whether the version was high enough; 0 for
 *                  the other statuses
 */
public record WriteReply(long requestId, Status status, Version held, long priorCounter) {
    public WriteReply {
        Objects.requireNonNull(status, "status");
        if ((held == null) != (status == Status.FAILED)) {
            throw new IllegalArgumentException(
                    status + " " + (held == null ? "needs a version" : "carries no version, not " + held));
        }
        if (priorCounter < 0 || (priorCounter != 0 && status != Status.STORED)) {
            throw new IllegalArgumentException(status + " with a prior counter of " + priorCounter);
        }
    }

    public static WriteReply stored(long requestId, Version written, long priorCounter) {
        return new WriteReply(requestId, Status.STORED, written, priorCounter);
    }

    public static WriteReply holdsNewer(long requestId, Version newer) {
        return new WriteReply(requestId, Status.HOLDS_NEWER, newer, 0);
    }

    public static WriteReply inMemory(long requestId, Version held) {
        return new WriteReply(requestId, Status.IN_MEMORY, held, 0);
    }

    public static WriteReply failed(long requestId) {
        return new WriteReply(requestId, Status.FAILED, null, 0);
    }

    /** What became of the write on this replica; {@link #code} is its byte on the wire. */
    public enum Status {
        /** This replica now holds the write durably (in its log). */
        STORED(0),
        /** Refused: this replica durably holds a newer version of the key (the one given). */
        HOLDS_NEWER(1),
        /** Not stored: the replica's log failed. */
        FAILED(2),
        /**
         * Held in memory only: the replica has no write-ahead log ({@code --wal=false}), so what
         * it holds (the version given: this write's, or a newer one) dies with its process. Not
         * an acknowledgement: a write is acknowledged when W replicas hold it in their logs.
         */
        IN_MEMORY(3);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /**
         * The status whose wire code is {@code code}.
         *
         * @throws IllegalArgumentException no status has this code
         */
        public static Status fromCode(int code) {
            for (Status status : values()) {
                if (status.code == code) {
                    return status;
                }
            }
            throw new IllegalArgumentException(
                    "unknown write status " + code + " (0 stored, 1 holds newer, 2 failed, 3 in memory)");
        }
    }
}

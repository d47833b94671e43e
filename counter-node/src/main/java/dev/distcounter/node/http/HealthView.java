package dev.distcounter.node.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code /health} in JSON, fields in this order (docs/operations.md, "/health"); the text form
 * lists the scalar ones.
 *
 * @param status     {@code ok}, or {@code failing} once the WAL failed
 * @param walFailure why the WAL failed; absent while it has not
 * @param walDetails absent without a WAL
 */
public record HealthView(
        String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) String walFailure,
        String node,
        String replica,
        long value,
        long version,
        int peers,
        String leader,
        long term,
        String wal,
        String chaos,
        long uptimeSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) WalDetails walDetails,
        GossipCounts gossip,
        TransportCounts transport) {
    /** Whether the node can take writes. */
    public boolean ok() {
        return "ok".equals(status);
    }

    /** The WAL's state, for {@code /health}. */
    public record WalDetails(
            String dir,
            long lastSequence,
            long lastSnapshot,
            int segments,
            long replayedAtStart,
            int truncatedAtStart) {}

    /** What gossip did so far (see docs/operations.md for each count). */
    public record GossipCounts(long rounds, long pushes, long framesIn, long merges, long replies, long badFrames) {}

    /** What the transport did so far. */
    public record TransportCounts(long framesSent, long framesReceived, long framesDropped, long connectionsRejected) {}
}

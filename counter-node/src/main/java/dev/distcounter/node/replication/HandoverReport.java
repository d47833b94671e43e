package dev.distcounter.node.replication;

/**
 * What a node's handover of keys on ring changes did, as {@code POST /admin/leave} answers it.
 *
 * @param handedOver keys sent to a new replica and acknowledged by it (one per key and replica)
 * @param failed     keys a new replica never acknowledged after every attempt
 * @param pending    sends queued or waiting for an acknowledgement (keys not yet looked at are
 *                   not counted); 0 once settled
 * @param settled    whether every key was sent and answered (false: the wait ran out)
 */
public record HandoverReport(long handedOver, long failed, long pending, boolean settled) {
    /** What was done since {@code earlier}, a report of the same node's handover. */
    public HandoverReport since(HandoverReport earlier) {
        return new HandoverReport(handedOver - earlier.handedOver, failed - earlier.failed, pending, settled);
    }
}

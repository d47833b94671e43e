package dev.distcounter.node.transport;

import java.util.Locale;

/** Why a frame was given up on: the {@code reason} tag of {@code gossip.frames.dropped}. */
public enum DropReason {
    /** The peer could not be reached: no connection could be made, one broke, or (in memory) it is not running. */
    UNREACHABLE,
    /** The peer's outbound queue was full: the oldest frame made room for a newer one. */
    QUEUE_FULL,
    /** The transport was stopping. */
    STOPPING,
    /** The frame was larger than the transport sends. */
    TOO_LARGE,
    /** Fault injection: the link to the peer is blocked (one side of a partition). */
    FAULT_BLOCKED,
    /** Fault injection: dropped at random ({@code --chaos-drop}, or {@code drop} in {@code /admin/chaos}). */
    FAULT_LOSS,
    /** Fault injection: a frame held back by a chaos delay, dropped when the delay was cleared (heal). */
    FAULT_HEALED,
    /** Fault injection: a frame that would have been delayed, dropped because {@link FaultInjectingTransport#MAX_HELD_FRAMES} were already held. */
    FAULT_DELAY_FULL;

    /** Whether the node dropped the frame on purpose, to inject a fault, rather than because it could not send it. */
    public boolean injected() {
        return this == FAULT_BLOCKED || this == FAULT_LOSS || this == FAULT_HEALED || this == FAULT_DELAY_FULL;
    }

    /** The tag value: {@code unreachable}, {@code queue_full}, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.distcounter.node.transport;

import java.time.Duration;

/**
 * Which inbound gossip connections a node keeps: pure rules, tested on a table
 * ({@code InboundLimitsTest}); {@link InboundSlots} applies them.
 *
 * <p>A peer's connection comes from an ephemeral port, so who it is shows only in its first
 * frame's sender address. Until then a connection holds one of a few <b>unidentified</b> slots
 * and must deliver a whole frame within {@code firstFrameTimeout}; a peer writes its first frame
 * as soon as it has connected, so only a stranger waits that long. When those slots are full the
 * oldest unidentified connection makes room for the new one, so idle connections cannot shut
 * peers out: a reconnecting peer identifies itself in milliseconds. Identified, a connection
 * from a <b>member</b> (a peer in the membership table) is always kept; one from anyone else only
 * while fewer than {@code maxOthers} such are open. A sender keeps at most {@code perSender}
 * connections (its newest: an older one is a connection it has given up on). Any connection
 * silent for {@code idleTimeout} is closed; a live peer heartbeats every second.
 *
 * <pre>
 *   arrival:      unidentified < unidentifiedSlots                  -> ADMIT
 *                 otherwise                                          -> ADMIT_CLOSING_OLDEST
 *   first frame:  sender holds perSender connections already         -> KEEP_CLOSING_OLDEST_OF_SENDER
 *                 member, or others < maxOthers                      -> KEEP
 *                 otherwise                                          -> CLOSE
 *   any time:     unidentified and open for firstFrameTimeout,
 *                 or identified and no frame for idleTimeout         -> expired: closed
 * </pre>
 *
 * @param unidentifiedSlots connections held before their first frame
 * @param maxOthers         identified connections from senders that are not members
 * @param perSender         connections one sender may hold
 * @param firstFrameTimeout how long a new connection may take to deliver its first whole frame
 * @param idleTimeout       how long an identified connection may go without a frame
 */
public record InboundLimits(
        int unidentifiedSlots, int maxOthers, int perSender, Duration firstFrameTimeout, Duration idleTimeout) {

    /** What to do with a connection that just arrived. */
    public enum Arrival {
        ADMIT,
        ADMIT_CLOSING_OLDEST
    }

    /** What to do with a connection once its first frame names the sender. */
    public enum Identified {
        KEEP,
        KEEP_CLOSING_OLDEST_OF_SENDER,
        CLOSE
    }

    public InboundLimits {
        if (unidentifiedSlots < 1 || maxOthers < 0 || perSender < 1) {
            throw new IllegalArgumentException("inbound limits must be positive");
        }
    }

    /** 32 unidentified slots (5 s for a first frame), {@code maxOthers} strangers, 2 per sender, idle after 30 s. */
    public static InboundLimits defaults(int maxOthers) {
        return new InboundLimits(32, maxOthers, 2, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public Arrival onArrival(int unidentifiedHeld) {
        return unidentifiedHeld < unidentifiedSlots ? Arrival.ADMIT : Arrival.ADMIT_CLOSING_OLDEST;
    }

    /**
     * What to do with a connection whose first frame names its sender.
     *
     * @param member         the sender is in the membership table
     * @param othersHeld     identified connections from non-members open now
     * @param sameSenderHeld identified connections from this sender open now
     */
    public Identified onFirstFrame(boolean member, int othersHeld, int sameSenderHeld) {
        if (sameSenderHeld >= perSender) {
            return Identified.KEEP_CLOSING_OLDEST_OF_SENDER;
        }
        return member || othersHeld < maxOthers ? Identified.KEEP : Identified.CLOSE;
    }

    /** Whether a connection is past its deadline, {@code silentMillis} after it opened or its last frame. */
    public boolean expired(boolean identified, long silentMillis) {
        Duration limit = identified ? idleTimeout : firstFrameTimeout;
        return silentMillis >= limit.toMillis();
    }
}

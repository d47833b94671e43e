package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.FrameStamp;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Refuses authenticated frames that are not fresh (docs/protocol.md, "Replays"): one whose
 * timestamp is more than the window away from this node's clock, and one whose stamp is not
 * later than the last stamp taken from the same sender. A sender's stamps strictly increase
 * ({@link FrameStamper}) and its frames to one receiver travel on one connection in order, so a
 * legitimate frame is never refused; a captured one sent again always is, whatever its type.
 *
 * <p>Memory stays bounded: a sender's last stamp is forgotten once it is older than the window,
 * because any frame it could still reject is by then outside the window anyway. Only
 * authenticated frames reach here, so only key holders occupy an entry. Thread-safe (one reader
 * thread per inbound connection).
 */
final class ReplayGuard {
    /** How far a frame's time may be from this node's clock: the nodes' clocks must agree this well. */
    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

    /** What became of a frame. */
    enum Verdict {
        FRESH,
        /** Its timestamp is more than the window before or after this node's clock. */
        OUTSIDE_WINDOW,
        /** Its stamp is not later than the last one taken from its sender: sent before. */
        REPEATED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final LongSupplier clock;
    private final long windowMillis;
    private final Map<NodeAddress, FrameStamp> last = new HashMap<>(); // guarded by this
    private long nextSweep; // guarded by this

    ReplayGuard(LongSupplier clock, Duration window) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
    }

    /** Judges a frame from {@code sender} stamped {@code stamp}, and remembers it when fresh. */
    synchronized Verdict admit(NodeAddress sender, FrameStamp stamp) {
        long now = clock.getAsLong();
        if (Math.abs(now - stamp.timestamp()) > windowMillis) {
            return Verdict.OUTSIDE_WINDOW;
        }
        FrameStamp previous = last.get(sender);
        if (previous != null && !stamp.after(previous)) {
            return Verdict.REPEATED;
        }
        last.put(sender, stamp);
        sweep(now);
        return Verdict.FRESH;
    }

    /** How a refusal reads in a log line: what was wrong with the stamp. */
    synchronized String explain(Verdict verdict, NodeAddress sender, FrameStamp stamp) {
        return switch (verdict) {
            case FRESH -> "fresh";
            case OUTSIDE_WINDOW ->
                "stamped " + (clock.getAsLong() - stamp.timestamp()) + " ms before this node's" + " clock (at most "
                        + windowMillis + " ms either way): a replay, or clocks that disagree";
            case REPEATED ->
                "stamp " + stamp + " is not later than the last one taken from " + sender + " (" + last.get(sender)
                        + "): sent before";
        };
    }

    /** Senders remembered now (for tests). */
    synchronized int remembered() {
        return last.size();
    }

    private void sweep(long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + windowMillis;
        for (Iterator<FrameStamp> it = last.values().iterator(); it.hasNext(); ) {
            if (now - it.next().timestamp() > windowMillis) {
                it.remove();
            }
        }
    }
}

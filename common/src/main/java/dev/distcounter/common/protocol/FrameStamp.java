package dev.distcounter.common.protocol;

/**
 * When and in which order a process sent a frame: its wall clock in milliseconds and a counter
 * that grows by one with every frame the process sends. Both are in the authenticated header,
 * so a receiver can refuse a captured frame sent again (docs/protocol.md, "Replays"). Ordered
 * by time, then sequence: a process's frames are strictly increasing (its clock never goes
 * back within a run, its sequence always grows), and a restart starts later in time.
 *
 * @param timestamp the sender's clock when it encoded the frame, ms since the epoch
 * @param sequence  the sender's frame counter, from 1 in every run of the process
 */
public record FrameStamp(long timestamp, long sequence) implements Comparable<FrameStamp> {
    /** What frames carry when nobody stamped them (unkeyed tests); a keyed receiver finds it stale. */
    public static final FrameStamp NONE = new FrameStamp(0, 0);

    @Override
    public int compareTo(FrameStamp o) {
        int byTime = Long.compare(timestamp, o.timestamp);
        return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
    }

    public boolean after(FrameStamp o) {
        return compareTo(o) > 0;
    }

    /** {@code (1795240627338 ms, #41)}: for log lines. */
    @Override
    public String toString() {
        return "(" + timestamp + " ms, #" + sequence + ")";
    }
}

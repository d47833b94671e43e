package dev.distcounter.node.kv;

import java.util.List;

/**
 * One vnode range of a {@link HashRing}: the positions after {@code start} up to and including
 * {@code end}, compared as unsigned numbers and wrapping past 2^64-1. {@code start == end} is the
 * whole ring (a ring with one distinct token). Every key in it has the same preference list,
 * {@code replicas}. Immutable.
 *
 * @param start    the previous range's end (exclusive)
 * @param end      the token of the range's first point (inclusive)
 * @param replicas the preference list of every key in the range, primary first
 */
public record VnodeRange(long start, long end, List<String> replicas) {
    public VnodeRange {
        replicas = List.copyOf(replicas);
    }

    /** Whether {@code position} (a key's {@link HashRing#hash}) falls in this range. */
    public boolean contains(long position) {
        return start == end || Long.compareUnsigned(offset(position), end - start) < 0;
    }

    /**
     * How far {@code position} lies past the range's first position, 0 for the first; unsigned,
     * meaningful only for a position the range {@link #contains}.
     */
    public long offset(long position) {
        return position - start - 1;
    }

    /** Whether both members are among the range's replicas. */
    public boolean sharedBy(String a, String b) {
        return replicas.contains(a) && replicas.contains(b);
    }
}

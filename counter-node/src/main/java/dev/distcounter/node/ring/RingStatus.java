package dev.distcounter.node.ring;

/**
 * Where a node stands on the ring, as operators and nodes declared it. Declared in this order
 * of precedence: at equal incarnations a later status wins over an earlier one (a leave or a
 * removal is never undone by older news of the same process being joined).
 */
public enum RingStatus {
    /** On the ring: it started, or was heard from, at this incarnation. */
    JOINED,
    /** Off the ring: it asked to leave ({@code POST /admin/leave}) and hands its keys over itself. */
    LEFT,
    /** Off the ring: an operator removed it ({@code POST /admin/remove}); survivors rebuild its ranges. */
    REMOVED;

    /** {@code joined}, {@code left} or {@code removed}, as {@code /cluster} shows it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.distcounter.checker;

import java.util.List;

/**
 * Key rule 3, real-time order of writes: an acknowledged put or delete invoked after another
 * write to the same key was acknowledged has a greater version, so it wins over it. Checked only
 * when the history says R + W > N without sloppy quorum; writes answered without a version are
 * not ordered. "After" is strict (completion before invoke, in whole milliseconds), so writes
 * that may have overlapped are never ordered.
 */
final class LaterWriteWinsRule {
    private final List<KeyOperation> ops;
    private final NewestWrites acknowledged;

    LaterWriteWinsRule(List<KeyOperation> ops, NewestWrites acknowledged) {
        this.ops = ops;
        this.acknowledged = acknowledged;
    }

    /** Adds a violation per acknowledged write that does not win over an earlier acknowledged one; returns how many were checked. */
    int check(Violations violations) {
        int checked = 0;
        for (int i = 0; i < ops.size(); i++) {
            KeyOperation later = ops.get(i);
            if (!later.acknowledgedWithVersion()) {
                continue;
            }
            checked++;
            int earlier = acknowledged.before(later.key(), later.invokeMillis());
            if (earlier >= 0 && later.version() <= ops.get(earlier).version()) {
                violations.add(later.describe(i + 1) + " does not win over "
                        + ops.get(earlier).describe(earlier + 1)
                        + ", acknowledged before it was invoked (a later write needs a greater version)");
            }
        }
        return checked;
    }
}

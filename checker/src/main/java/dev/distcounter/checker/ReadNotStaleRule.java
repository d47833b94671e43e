package dev.distcounter.checker;

import java.util.List;

/**
 * Key rule 4, no stale read: with R + W > N and no sloppy quorum, an ok get invoked after a
 * write to its key was acknowledged returns that write's version or a greater one.
 *
 * <p>A get that found nothing (404) shows no version. It is explained when the newest write
 * acknowledged before it was a delete, or when some delete that may have taken effect (ok, or
 * indeterminate) was invoked before the get completed and may be at least as new as that write;
 * otherwise it read "version 0", older than an acknowledged put.
 */
final class ReadNotStaleRule {
    private final List<KeyOperation> ops;
    private final NewestWrites acknowledged;
    private final NewestWrites deletes;

    ReadNotStaleRule(List<KeyOperation> ops, NewestWrites acknowledged, NewestWrites deletes) {
        this.ops = ops;
        this.acknowledged = acknowledged;
        this.deletes = deletes;
    }

    /** Adds a violation per stale get; returns how many gets were checked. */
    int check(Violations violations) {
        int checked = 0;
        for (int i = 0; i < ops.size(); i++) {
            KeyOperation get = ops.get(i);
            if (get.kind() != KeyOperation.Kind.GET || get.outcome() != Outcome.OK) {
                continue;
            }
            checked++;
            int w = acknowledged.before(get.key(), get.invokeMillis());
            if (w < 0) {
                continue;
            }
            KeyOperation write = ops.get(w);
            String after = ops.get(w).describe(w + 1) + ", acknowledged before the get was invoked";
            if (get.version() != null) {
                if (get.version() < write.version()) {
                    violations.add(get.describe(i + 1) + " returned an older version than " + after);
                }
            } else if (write.kind() == KeyOperation.Kind.PUT) {
                int d = deletes.atOrBefore(get.key(), get.completeMillis());
                if (d < 0 || deletes.versionOf(d) < write.version()) {
                    violations.add(get.describe(i + 1) + " (version 0) is older than " + after
                            + ", and no delete invoked by then can be as new");
                }
            }
        }
        return checked;
    }
}

package dev.distcounter.checker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a history's keyspace operations are explainable by the keyspace's promises
 * (guarantees.md §13). Pure: no I/O, no clock; O(n log n) in the key operations. The rules:
 * <ol>
 *   <li>{@link ReplicasAgreeRule}: once quiet, every replica of a key holds the same state, not
 *       older than the newest acknowledged write;</li>
 *   <li>{@link ReadValueWrittenRule}: no read returns a value that no put which may have taken
 *       effect wrote;</li>
 *   <li>{@link LaterWriteWinsRule}: a write invoked after another's acknowledgement has a greater
 *       version;</li>
 *   <li>{@link ReadNotStaleRule}: a read invoked after a write's acknowledgement is not older.</li>
 * </ol>
 * Rules 3 and 4 are promised only with R + W > N and no sloppy quorum, so they are checked only
 * when the history's meta line says so; the report notes when they were not.
 */
public final class KeyChecker {
    private KeyChecker() {}

    public static KeyCheckResult check(History history) {
        if (!history.hasKeyEntries()) {
            return KeyCheckResult.NONE;
        }
        List<KeyOperation> ops = history.keyOps();
        KeyCheckResult.Counts puts = KeyCheckResult.Counts.ZERO;
        KeyCheckResult.Counts gets = KeyCheckResult.Counts.ZERO;
        KeyCheckResult.Counts deletes = KeyCheckResult.Counts.ZERO;
        int notFound = 0;
        Set<String> keys = new HashSet<>();
        for (KeyOperation op : ops) {
            keys.add(op.key());
            switch (op.kind()) {
                case PUT -> puts = puts.plus(op.outcome());
                case GET -> gets = gets.plus(op.outcome());
                case DELETE -> deletes = deletes.plus(op.outcome());
            }
            if (op.readNothing()) {
                notFound++;
            }
        }
        history.keyFinals().forEach(f -> keys.add(f.key()));

        Violations violations = new Violations();
        List<String> notes = new ArrayList<>();
        NewestWrites acknowledged = NewestWrites.acknowledged(ops);
        new ReplicasAgreeRule(ops, acknowledged).check(history.keyFinals(), violations);
        new ReadValueWrittenRule(ops).check(history.keyFinals(), violations);
        KeyspaceConfig config = history.keyspace();
        if (config != null && config.strictQuorums()) {
            int writes = new LaterWriteWinsRule(ops, acknowledged).check(violations);
            int reads = new ReadNotStaleRule(ops, acknowledged, NewestWrites.possibleDeletes(ops)).check(violations);
            notes.add("real-time order checked (" + config + "): " + writes + " acknowledged writes, " + reads
                    + " ok gets");
        } else {
            notes.add("real-time order not checked: "
                    + (config == null ? "the history does not record the quorums" : "the keyspace ran with " + config)
                    + " (promised only with R + W > N and no sloppy quorum)");
        }
        if (history.keyFinals().isEmpty()) {
            notes.add("no final replica reads: convergence not checked");
        }
        return new KeyCheckResult(
                violations.none(),
                violations.listed(),
                violations.unlisted(),
                puts,
                gets,
                deletes,
                notFound,
                keys.size(),
                history.keyFinals().size(),
                notes);
    }
}

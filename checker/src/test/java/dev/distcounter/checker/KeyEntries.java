package dev.distcounter.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Short constructors for hand-written keyspace histories. */
final class KeyEntries {
    private KeyEntries() {}

    static final KeyspaceConfig STRICT = new KeyspaceConfig(3, 2, 2, false);
    static final KeyspaceConfig SLOPPY = new KeyspaceConfig(3, 2, 2, true);

    static KeyOperation put(String key, String value, long invoke, long complete, long version) {
        return new KeyOperation(KeyOperation.Kind.PUT, "1", key, invoke, complete, Outcome.OK, value, version);
    }

    static KeyOperation put(String key, String value, long invoke, long complete, Outcome outcome) {
        return new KeyOperation(KeyOperation.Kind.PUT, "1", key, invoke, complete, outcome, value, null);
    }

    static KeyOperation delete(String key, long invoke, long complete, long version) {
        return new KeyOperation(KeyOperation.Kind.DELETE, "2", key, invoke, complete, Outcome.OK, null, version);
    }

    static KeyOperation delete(String key, long invoke, long complete, Outcome outcome) {
        return new KeyOperation(KeyOperation.Kind.DELETE, "2", key, invoke, complete, outcome, null, null);
    }

    static KeyOperation get(String key, long invoke, long complete, String value, long version) {
        return new KeyOperation(KeyOperation.Kind.GET, "3", key, invoke, complete, Outcome.OK, value, version);
    }

    static KeyOperation notFound(String key, long invoke, long complete) {
        return new KeyOperation(KeyOperation.Kind.GET, "3", key, invoke, complete, Outcome.OK, null, null);
    }

    static KeyFinalRead holds(String node, String key, String value, long version) {
        return new KeyFinalRead(node, key, value, false, version, 10_000);
    }

    static KeyFinalRead tombstone(String node, String key, long version) {
        return new KeyFinalRead(node, key, null, true, version, 10_000);
    }

    static KeyFinalRead nothing(String node, String key) {
        return new KeyFinalRead(node, key, null, false, null, 10_000);
    }

    /** Replicas 1, 2 and 3 all holding {@code value} at {@code version}. */
    static List<KeyFinalRead> allHold(String key, String value, long version) {
        return List.of(
                holds("1", key, value, version), holds("2", key, value, version), holds("3", key, value, version));
    }

    /** A keyspace-only history under {@code config} (null: not recorded) holding the given entries. */
    static History keyHistory(KeyspaceConfig config, Object... entries) {
        List<KeyOperation> ops = new ArrayList<>();
        List<KeyFinalRead> finals = new ArrayList<>();
        for (Object e : entries) {
            if (e instanceof KeyOperation o) {
                ops.add(o);
            } else if (e instanceof KeyFinalRead f) {
                finals.add(f);
            } else if (e instanceof List<?> list) {
                list.forEach(x -> finals.add((KeyFinalRead) x));
            } else {
                throw new IllegalArgumentException("not a key entry: " + e);
            }
        }
        return new History(
                Map.of(), List.of(), List.of(), List.of(), List.of(), InitialState.ZERO, ops, finals, config);
    }
}

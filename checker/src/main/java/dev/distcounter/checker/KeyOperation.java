package dev.distcounter.checker;

import java.util.Objects;

/**
 * One request on the keyspace: a put, a get or a delete of {@code key} sent to {@code node}.
 *
 * <p>Rules: a put carries the {@code value} it wrote; a delete carries none (it writes a
 * tombstone). {@code version} is the per-key counter the node answered, only with
 * {@link Outcome#OK} (null when the answer had no usable body). An ok get carries the
 * {@code value} and {@code version} it read, or neither when the key was not found (404); a get
 * that did not answer 200 or 404 carries neither.
 */
public record KeyOperation(
        Kind kind,
        String node,
        String key,
        long invokeMillis,
        long completeMillis,
        Outcome outcome,
        String value,
        Long version) {
    /** What the request was; the spelling in history files is {@link #json()}. */
    public enum Kind {
        PUT("put"),
        GET("get"),
        DELETE("delete");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        public static Kind fromJson(String text) {
            for (Kind k : values()) {
                if (k.json.equals(text)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown key op \"" + text + "\" (expected put, get or delete)");
        }
    }

    public KeyOperation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
        if (completeMillis < invokeMillis) {
            throw new IllegalArgumentException("complete " + completeMillis + " is before invoke " + invokeMillis);
        }
        if (outcome != Outcome.OK && version != null) {
            throw new IllegalArgumentException("only an ok " + kind.json + " carries a version");
        }
        switch (kind) {
            case PUT -> {
                if (value == null) {
                    throw new IllegalArgumentException("a put needs the value it wrote");
                }
            }
            case DELETE -> {
                if (value != null) {
                    throw new IllegalArgumentException("a delete writes no value");
                }
            }
            case GET -> {
                if (outcome != Outcome.OK && value != null) {
                    throw new IllegalArgumentException("only an ok get carries a value");
                }
                if (outcome == Outcome.OK && (value == null) != (version == null)) {
                    throw new IllegalArgumentException(
                            "an ok get carries both value and version (found) or neither (not found)");
                }
            }
        }
    }

    /** True for puts and deletes. */
    public boolean isWrite() {
        return kind != Kind.GET;
    }

    /** An ok get that found nothing (404): a deleted or never written key. */
    public boolean readNothing() {
        return kind == Kind.GET && outcome == Outcome.OK && value == null;
    }

    /** An acknowledged write whose version the client saw: the only writes rules 3 and 4 order. */
    boolean acknowledgedWithVersion() {
        return isWrite() && outcome == Outcome.OK && version != null;
    }

    /** How reports name it: {@code put #3 "a"="x" at node 1 [invoke 10, complete 20] version 4}. */
    String describe(int index) {
        StringBuilder s = new StringBuilder()
                .append(kind.json)
                .append(" #")
                .append(index)
                .append(" key \"")
                .append(key)
                .append('"');
        if (value != null) {
            s.append(" value \"").append(value).append('"');
        } else if (readNothing()) {
            s.append(" not found");
        }
        s.append(" at node ")
                .append(node)
                .append(" [invoke ")
                .append(invokeMillis)
                .append(", complete ")
                .append(completeMillis)
                .append(']');
        if (version != null) {
            s.append(" version ").append(version);
        }
        return s.toString();
    }
}

package dev.distcounter.node.replication;

/**
 * How a get ended, as its coordinator answers it.
 *
 * @param kind    found (value and version set), not found (never written, or deleted), or no quorum
 * @param value   the value when found, else null
 * @param version the version when found; when not found, the delete's version (0: never written)
 * @param owner   the key's primary replica
 * @param error   why there is no answer (no quorum), else null
 */
public record ReadResult(Kind kind, String key, String value, long version, String owner, String error) {
    public enum Kind {
        FOUND,
        NOT_FOUND,
        NO_QUORUM
    }

    public static ReadResult found(String key, String value, long version, String owner) {
        return new ReadResult(Kind.FOUND, key, value, version, owner, null);
    }

    public static ReadResult notFound(String key, long version, String owner) {
        return new ReadResult(Kind.NOT_FOUND, key, null, version, owner, null);
    }

    public static ReadResult noQuorum(String key, String owner, String error) {
        return new ReadResult(Kind.NO_QUORUM, key, null, 0, owner, error);
    }
}

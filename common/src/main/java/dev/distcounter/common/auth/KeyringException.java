package dev.distcounter.common.auth;

/** A keyring change that cannot be made, with a one-line reason for the operator. */
public final class KeyringException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why: an admin endpoint answers each with its own status. */
    public enum Kind {
        /** The process has no key at all (started without {@code --cluster-key-file}). */
        NOT_KEYED,
        /** No installed key has that fingerprint. */
        UNKNOWN_KEY,
        /** The change contradicts the keyring: removing the primary, or a fingerprint taken by another key. */
        CONFLICT
    }

    private final Kind kind;

    public KeyringException(Kind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

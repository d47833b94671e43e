package dev.distcounter.common.protocol;

import java.util.Locale;

/**
 * A well-formed frame (its checksum is right) that the receiver's keyring does not let in: it
 * carries no MAC while the receiver requires one, one while the receiver has no key, a key id the
 * receiver does not hold, or a MAC that does not verify. Like any invalid frame, the connection
 * it came on is closed; it is counted apart ({@code gossip.frames.unauthenticated}), since it is
 * either a stranger or a member with the wrong keys, not a damaged frame.
 */
public final class UnauthenticatedFrameException extends FrameException {
    private static final long serialVersionUID = 1L;

    /** Why the frame was refused; its tag is the meter's {@code reason}. */
    public enum Reason {
        /** Unsigned, but this node requires the cluster key. */
        NO_MAC,
        /** Signed, but this node has no key (so it cannot tell a member from a stranger). */
        UNEXPECTED_MAC,
        /** Signed with a key this node does not hold. */
        UNKNOWN_KEY,
        /** The MAC does not verify under the key it names: forged or altered. */
        BAD_MAC;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public UnauthenticatedFrameException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

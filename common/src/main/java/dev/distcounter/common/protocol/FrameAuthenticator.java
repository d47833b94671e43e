package dev.distcounter.common.protocol;

import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.Keyring;
import dev.distcounter.common.protocol.UnauthenticatedFrameException.Reason;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Signs and checks frames with the process's keyring: HMAC-SHA256 under the primary key on the
 * way out; on the way in, the key the frame names by its id (found in one lookup, never by
 * trying every key), and a MAC compared in constant time. What the MAC covers and where it sits
 * is {@link FrameCodec}'s business; this class decides which key, and whether a frame passes.
 *
 * <p>The keyring is read once per frame from the supplier, so a rotation through
 * {@code /admin/keys} takes effect at the next frame, in every reader and writer thread.
 */
public final class FrameAuthenticator {
    /** HMAC-SHA256, kept whole: 32 bytes per frame is little next to a counter state. */
    public static final int MAC_BYTES = 32;

    private static final FrameAuthenticator UNKEYED = new FrameAuthenticator(() -> Keyring.NONE);

    private final Supplier<Keyring> keyring;

    public FrameAuthenticator(Supplier<Keyring> keyring) {
        this.keyring = keyring;
    }

    /** Signs nothing, accepts only unsigned frames: a process without a key. */
    public static FrameAuthenticator unkeyed() {
        return UNKEYED;
    }

    /** The key that signs the next frame, or empty to send it unsigned. */
    Optional<ClusterKey> signingKey() {
        return keyring.get().primary();
    }

    /**
     * Checks a frame whose checksum was right: {@code signed} says whether its header announces a
     * MAC; {@code header[0, headerLength)} and {@code body[0, bodyLength)} are what the MAC covers;
     * the MAC itself is the {@link #MAC_BYTES} bytes of {@code body} after them.
     *
     * @return whether the frame was authenticated (false: this process has no key, and the frame is unsigned)
     * @throws UnauthenticatedFrameException the keyring does not let the frame in; the message says why
     */
    boolean check(boolean signed, int keyId, byte[] header, int headerLength, byte[] body, int bodyLength)
            throws UnauthenticatedFrameException {
        Keyring ring = keyring.get();
        if (!ring.keyed()) {
            if (signed) {
                throw new UnauthenticatedFrameException(
                        Reason.UNEXPECTED_MAC,
                        "frame signed with cluster key " + ClusterKey.formatId(keyId) + ", but this node has no key:"
                                + " start it with --cluster-key-file like the rest of the cluster");
            }
            return false;
        }
        if (!signed) {
            throw new UnauthenticatedFrameException(
                    Reason.NO_MAC,
                    "unsigned frame, but this node requires the cluster key: the sender runs without"
                            + " --cluster-key-file, or is not a member");
        }
        ClusterKey key = ring.find(keyId)
                .orElseThrow(() -> new UnauthenticatedFrameException(
                        Reason.UNKNOWN_KEY,
                        "frame signed with key " + ClusterKey.formatId(keyId) + ", which this node does not hold"
                                + " (it holds " + String.join(", ", ring.fingerprints()) + ")"));
        byte[] expected = key.mac(header, headerLength, body, 0, bodyLength);
        byte[] given = new byte[MAC_BYTES];
        System.arraycopy(body, bodyLength, given, 0, MAC_BYTES);
        if (!ClusterKey.macMatches(expected, given)) {
            throw new UnauthenticatedFrameException(
                    Reason.BAD_MAC,
                    "the MAC does not verify under key " + key.fingerprint() + ": forged or altered frame");
        }
        return true;
    }
}

package dev.distcounter.common.auth;

import java.util.List;

/**
 * {@code /admin/keys} in JSON: fingerprints only, never a key.
 *
 * @param keyed   false for a process started without a key (its frames are not authenticated)
 * @param primary the fingerprint of the key this process signs with; null without a key
 * @param keys    the fingerprints of every key it accepts, sorted
 */
public record KeyringView(boolean keyed, String primary, List<String> keys) {
    public KeyringView {
        keys = List.copyOf(keys);
    }

    public static KeyringView of(Keyring keyring) {
        return new KeyringView(
                keyring.keyed(), keyring.primary().map(ClusterKey::fingerprint).orElse(null), keyring.fingerprints());
    }

    /** {@code Keys: primary 1a2b3c4d; installed (2) 1a2b3c4d 5e6f7a8b}, or that there are none. */
    public String text() {
        if (!keyed) {
            return "Keys: none: frames are not authenticated (start with --cluster-key-file to require a key)";
        }
        return "Keys: primary " + primary + "; installed (" + keys.size() + ") " + String.join(" ", keys);
    }
}

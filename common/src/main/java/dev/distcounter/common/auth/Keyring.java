package dev.distcounter.common.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The keys a process accepts, and the one it signs with (the <b>primary</b>), in the manner of
 * Serf's keyring: frames and requests under any installed key are accepted, and what the process
 * sends is signed with the primary. Immutable: {@link #install}, {@link #use} and {@link #remove}
 * return a new keyring, so a rotation is a sequence of values a test can check one by one, and a
 * running process swaps in the next one whole (readers see the old keyring or the new one, never
 * half of each).
 *
 * <p>Rotation without downtime (docs/operations.md, "Rotating the cluster key"): install the new
 * key everywhere (everyone accepts both), then use it everywhere (everyone signs with the new
 * one and still accepts the old), then remove the old one everywhere. Each step only widens or
 * narrows what is accepted after every process has taken the step before.
 *
 * <p>{@link #NONE} is the keyring of a process started without a key: it signs nothing and
 * accepts only unsigned frames; keys cannot be installed into it (a process switches between
 * the two modes only by a restart, so an unkeyed cluster cannot be half keyed by accident).
 */
public final class Keyring {
    /** No key: frames go unsigned and only unsigned frames are accepted. */
    public static final Keyring NONE = new Keyring(Map.of(), null);

    /** By key id. */
    private final Map<Integer, ClusterKey> keys;

    private final ClusterKey primary;

    private Keyring(Map<Integer, ClusterKey> keys, ClusterKey primary) {
        this.keys = keys;
        this.primary = primary;
    }

    /** A keyring holding {@code key} alone, as its primary: a process started with {@code --cluster-key-file}. */
    public static Keyring of(ClusterKey key) {
        return new Keyring(Map.of(key.id(), key), key);
    }

    /** Whether this process authenticates: false only for {@link #NONE}. */
    public boolean keyed() {
        return primary != null;
    }

    /** The key that signs what this process sends; empty without a key. */
    public Optional<ClusterKey> primary() {
        return Optional.ofNullable(primary);
    }

    /** The installed key with this id (the fingerprint's 4 bytes), if any. */
    public Optional<ClusterKey> find(int id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** The fingerprints of every installed key, sorted. */
    public List<String> fingerprints() {
        return keys.values().stream().map(ClusterKey::fingerprint).sorted().toList();
    }

    public int size() {
        return keys.size();
    }

    /**
     * This keyring with {@code key} accepted too (the primary stays). Installing a key that is
     * already there changes nothing, so an install can be repeated on every node safely.
     *
     * @throws KeyringException no key to add to ({@link #NONE}), or another key with the same fingerprint
     */
    public Keyring install(ClusterKey key) {
        requireKeyed();
        ClusterKey present = keys.get(key.id());
        if (present != null) {
            if (present.equals(key)) {
                return this;
            }
            throw new KeyringException(
                    KeyringException.Kind.CONFLICT,
                    "another key with fingerprint " + key.fingerprint()
                            + " is installed; generate a new key (two keys share a fingerprint once in 4 billion)");
        }
        Map<Integer, ClusterKey> more = new TreeMap<>(keys);
        more.put(key.id(), key);
        return new Keyring(Map.copyOf(more), primary);
    }

    /**
     * This keyring signing with the installed key {@code fingerprint}. Using the primary again
     * changes nothing.
     *
     * @throws KeyringException no key with that fingerprint is installed (install it first)
     */
    public Keyring use(String fingerprint) {
        ClusterKey key = installed(fingerprint);
        return key.equals(primary) ? this : new Keyring(keys, key);
    }

    /**
     * This keyring without the key {@code fingerprint}: frames signed with it are refused from now on.
     *
     * @throws KeyringException the key is the primary (use another first), or is not installed
     */
    public Keyring remove(String fingerprint) {
        ClusterKey key = installed(fingerprint);
        if (key.equals(primary)) {
            throw new KeyringException(
                    KeyringException.Kind.CONFLICT,
                    "key " + fingerprint + " is the primary: this process signs with it; use another key first"
                            + " (keys use FINGERPRINT)");
        }
        Map<Integer, ClusterKey> fewer = new TreeMap<>(keys);
        fewer.remove(key.id());
        return new Keyring(Map.copyOf(fewer), primary);
    }

    private ClusterKey installed(String fingerprint) {
        requireKeyed();
        String wanted = fingerprint == null ? "" : fingerprint.strip();
        for (ClusterKey key : keys.values()) {
            if (key.fingerprint().equalsIgnoreCase(wanted)) {
                return key;
            }
        }
        throw new KeyringException(
                KeyringException.Kind.UNKNOWN_KEY,
                "no key with fingerprint '" + wanted + "' is installed (installed: " + String.join(", ", fingerprints())
                        + ")");
    }

    private void requireKeyed() {
        if (!keyed()) {
            throw new KeyringException(
                    KeyringException.Kind.NOT_KEYED,
                    "this process runs without a cluster key, so its frames are not authenticated; restart it with"
                            + " --cluster-key-file to use keys");
        }
    }

    /** {@code primary 1a2b3c4d, keys [1a2b3c4d, 5e6f7a8b]}, or {@code no key}: fingerprints only. */
    @Override
    public String toString() {
        return keyed() ? "primary " + primary.fingerprint() + ", keys " + fingerprints() : "no key";
    }
}

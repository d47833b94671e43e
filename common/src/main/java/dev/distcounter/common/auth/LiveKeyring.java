package dev.distcounter.common.auth;

import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyring of a running process: the current {@link Keyring}, replaced whole by each change
 * an operator makes through {@code /admin/keys}. Every frame read or written, and every
 * discovery request, reads {@link #current()} once, so it is checked or signed under one
 * consistent keyring. Thread-safe: changes are serialized, reads take no lock. Changes live in
 * the process only; a restart starts again from the key file.
 */
public final class LiveKeyring {
    private static final Logger log = LoggerFactory.getLogger(LiveKeyring.class);

    private final String owner;
    private volatile Keyring current;

    /** {@code owner} names the process in log lines (a node's address, or "discovery"). */
    public LiveKeyring(String owner, Keyring initial) {
        this.owner = owner;
        this.current = initial;
    }

    /** A process with no key: frames unsigned, keys cannot be installed. */
    public static LiveKeyring unkeyed(String owner) {
        return new LiveKeyring(owner, Keyring.NONE);
    }

    /** The keyring {@code --cluster-key-file} gives, or none. */
    public static LiveKeyring of(String owner, Optional<ClusterKey> key) {
        return new LiveKeyring(owner, key.map(Keyring::of).orElse(Keyring.NONE));
    }

    public Keyring current() {
        return current;
    }

    /** Accepts {@code key} too; the primary stays. */
    public Keyring install(ClusterKey key) {
        return change(k -> k.install(key), "installed " + key.fingerprint());
    }

    /** Signs with the installed key {@code fingerprint} from now on. */
    public Keyring use(String fingerprint) {
        return change(k -> k.use(fingerprint), "now signs with " + fingerprint);
    }

    /** Refuses what is signed with {@code fingerprint} from now on; never the primary. */
    public Keyring remove(String fingerprint) {
        return change(k -> k.remove(fingerprint), "removed " + fingerprint);
    }

    private synchronized Keyring change(UnaryOperator<Keyring> step, String what) {
        Keyring before = current;
        Keyring after = step.apply(before);
        if (after != before) {
            current = after;
            log.info("{}: cluster keyring: {}; now {}", owner, what, after);
        }
        return after;
    }
}

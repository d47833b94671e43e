package dev.distcounter.node.replication;

import dev.distcounter.node.antientropy.AntiEntropyConfig;
import dev.distcounter.node.handoff.HintConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the keyspace: replication and quorums, the ring, and how long a coordinator waits.
 *
 * @param replicas    {@code -N}: copies of each key
 * @param readQuorum  {@code -R}: replies a read waits for (and a write's version pre-read)
 * @param writeQuorum {@code -W}: durable acknowledgements a write waits for
 * @param vnodes      {@code -vnodes}: points on the ring per member
 * @param timeout     {@code --kv-timeout}: how long a coordinator waits for each phase of a request
 * @param hints       {@code --hint-*}: what a coordinator keeps for replicas that missed writes
 * @param antiEntropy {@code --kv-anti-entropy*}, {@code --kv-tombstone-grace}: replicas comparing
 *                    hash trees, and when tombstones go (the grace must exceed the hint window)
 * @param sloppyQuorum {@code --sloppy-quorum}: when fewer than W of a key's replicas are believed
 *                    up, the next nodes of the ring stand in for the others, keeping the write as
 *                    a hint for its home; availability wins over R + W > N
 * @param streamRate  {@code --kv-stream-rate}: keys a second sent to new replicas when the ring
 *                    changes (each key to each new replica counts once)
 */
public record KeyspaceConfig(
        int replicas,
        int readQuorum,
        int writeQuorum,
        int vnodes,
        Duration timeout,
        HintConfig hints,
        AntiEntropyConfig antiEntropy,
        boolean sloppyQuorum,
        int streamRate) {
    public static final int DEFAULT_REPLICAS = 3;
    public static final int DEFAULT_QUORUM = 2;
    public static final int DEFAULT_VNODES = 16;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_STREAM_RATE = 5_000;

    public KeyspaceConfig {
        if (replicas < 1) {
            throw new IllegalArgumentException("-N must be at least 1, not " + replicas);
        }
        checkQuorum("-R", readQuorum, replicas);
        checkQuorum("-W", writeQuorum, replicas);
        if (vnodes < 1 || vnodes > 1024) {
            throw new IllegalArgumentException("-vnodes must be between 1 and 1024, not " + vnodes);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--kv-timeout must be positive");
        }
        Objects.requireNonNull(hints, "hints");
        if (antiEntropy.tombstoneGrace().compareTo(hints.window()) <= 0) {
            // A hint of an older write, replayed after its key's tombstone was dropped, would bring it back.
            throw new IllegalArgumentException("--kv-tombstone-grace (" + antiEntropy.tombstoneGrace()
                    + ") must be longer than --hint-window (" + hints.window() + ")");
        }
        if (streamRate < 1) {
            throw new IllegalArgumentException("--kv-stream-rate must be at least 1, not " + streamRate);
        }
    }

    /** With the default anti-entropy settings for {@code hints}' window, strict quorums. */
    public KeyspaceConfig(
            int replicas, int readQuorum, int writeQuorum, int vnodes, Duration timeout, HintConfig hints) {
        this(
                replicas,
                readQuorum,
                writeQuorum,
                vnodes,
                timeout,
                hints,
                AntiEntropyConfig.defaults(hints.window()),
                false,
                DEFAULT_STREAM_RATE);
    }

    /** With the default hint settings, strict quorums. */
    public KeyspaceConfig(int replicas, int readQuorum, int writeQuorum, int vnodes, Duration timeout) {
        this(replicas, readQuorum, writeQuorum, vnodes, timeout, HintConfig.defaults());
    }

    /** With {@code hints}; the tombstone grace grows to the default over its window if it must. */
    public KeyspaceConfig withHints(HintConfig hints) {
        AntiEntropyConfig kept = antiEntropy.tombstoneGrace().compareTo(hints.window()) > 0
                ? antiEntropy
                : new AntiEntropyConfig(
                        antiEntropy.interval(),
                        antiEntropy.rate(),
                        AntiEntropyConfig.defaults(hints.window()).tombstoneGrace());
        return new KeyspaceConfig(
                replicas, readQuorum, writeQuorum, vnodes, timeout, hints, kept, sloppyQuorum, streamRate);
    }

    public KeyspaceConfig withAntiEntropy(AntiEntropyConfig antiEntropy) {
        return new KeyspaceConfig(
                replicas, readQuorum, writeQuorum, vnodes, timeout, hints, antiEntropy, sloppyQuorum, streamRate);
    }

    public KeyspaceConfig withSloppyQuorum(boolean sloppy) {
        return new KeyspaceConfig(
                replicas, readQuorum, writeQuorum, vnodes, timeout, hints, antiEntropy, sloppy, streamRate);
    }

    public KeyspaceConfig withStreamRate(int rate) {
        return new KeyspaceConfig(
                replicas, readQuorum, writeQuorum, vnodes, timeout, hints, antiEntropy, sloppyQuorum, rate);
    }

    /** GoDist's defaults: N=3, R=2, W=2, 16 virtual nodes; one second per phase. */
    public static KeyspaceConfig defaults() {
        return new KeyspaceConfig(DEFAULT_REPLICAS, DEFAULT_QUORUM, DEFAULT_QUORUM, DEFAULT_VNODES, DEFAULT_TIMEOUT);
    }

    private static void checkQuorum(String flag, int quorum, int replicas) {
        if (quorum < 1 || quorum > replicas) {
            throw new IllegalArgumentException(flag + " must be between 1 and -N (" + replicas + "), not " + quorum);
        }
    }

    /**
     * Whether every read quorum meets every write quorum (R + W > N): only then does a read
     * that starts after a write's acknowledgement see it. Allowed either way, warned at start
     * and shown in {@code /cluster}. A sloppy quorum's write may be held by stand-ins only, which
     * no read asks: with {@link #sloppyQuorum} the overlap holds only while W homes are up.
     */
    public boolean quorumsOverlap() {
        return readQuorum + writeQuorum > replicas;
    }
}

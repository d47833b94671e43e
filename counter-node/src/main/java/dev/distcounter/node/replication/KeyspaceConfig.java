package dev.distcounter.node.replication;

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
 * @param streamRate  {@code --kv-stream-rate}: keys a second sent to new replicas when the ring
 *                    changes (each key to each new replica counts once)
 */
public record KeyspaceConfig(
        int replicas, int readQuorum, int writeQuorum, int vnodes, Duration timeout, HintConfig hints, int streamRate) {
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
        if (streamRate < 1) {
            throw new IllegalArgumentException("--kv-stream-rate must be at least 1, not " + streamRate);
        }
    }

    /** Streaming at the default rate. */
    public KeyspaceConfig(
            int replicas, int readQuorum, int writeQuorum, int vnodes, Duration timeout, HintConfig hints) {
        this(replicas, readQuorum, writeQuorum, vnodes, timeout, hints, DEFAULT_STREAM_RATE);
    }

    /** With the default hint settings. */
    public KeyspaceConfig(int replicas, int readQuorum, int writeQuorum, int vnodes, Duration timeout) {
        this(replicas, readQuorum, writeQuorum, vnodes, timeout, HintConfig.defaults());
    }

    public KeyspaceConfig withHints(HintConfig hints) {
        return new KeyspaceConfig(replicas, readQuorum, writeQuorum, vnodes, timeout, hints, streamRate);
    }

    public KeyspaceConfig withStreamRate(int rate) {
        return new KeyspaceConfig(replicas, readQuorum, writeQuorum, vnodes, timeout, hints, rate);
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
     * and shown in {@code /cluster}.
     */
    public boolean quorumsOverlap() {
        return readQuorum + writeQuorum > replicas;
    }
}

package dev.distcounter.node.membership;

/**
 * The timeout rules, as pure functions of how long a peer has been silent and how many
 * connection attempts to it failed in a row. Any frame from a peer ends its silence.
 *
 * <pre>
 *   silence >= deadAfter                          -> DEAD
 *   silence >= suspectAfter or fails >= maxFails  -> SUSPECT
 *   otherwise                                     -> ALIVE
 *   DEAD, silence >= failureTimeout, not listed   -> forgotten
 * </pre>
 *
 * A timeout only means "not heard from in time": overload, a pause or a partition look the same
 * as a crash. With heartbeats every second and independent loss {@code p} per frame, a live peer
 * is falsely declared dead with probability about {@code p^(deadAfter/heartbeat)} per window
 * (0.3^10 = 6e-6 with the defaults); suspicion is cheap and expected under loss.
 */
public final class FailureDetector {
    private FailureDetector() {}

    public static MemberState state(long silenceMillis, int consecutiveFailures, MembershipConfig config) {
        if (silenceMillis >= config.deadAfter().toMillis()) {
            return MemberState.DEAD;
        }
        if (silenceMillis >= config.suspectAfter().toMillis() || consecutiveFailures >= config.maxFails()) {
            return MemberState.SUSPECT;
        }
        return MemberState.ALIVE;
    }

    /** Whether a peer silent (and unlisted) for this long should be forgotten. */
    public static boolean forgotten(long silenceMillis, long unlistedMillis, MembershipConfig config) {
        long limit = config.failureTimeout().toMillis();
        return silenceMillis >= limit && unlistedMillis >= limit;
    }

    /** Probability that a live peer is declared dead in one window, with independent frame loss {@code loss}. */
    public static double falseDeadProbability(double loss, MembershipConfig config) {
        long heartbeats = config.deadAfter().toMillis() / config.heartbeat().toMillis();
        return Math.pow(loss, (double) heartbeats);
    }
}

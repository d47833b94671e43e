package dev.distcounter.checker;

/**
 * The keyspace's quorum settings during the run, from the {@code meta} line. The real-time
 * rules (a later write wins, a later read is not older) are promised only when
 * {@link #strictQuorums()}: R + W > N makes every read and pre-read quorum meet every write
 * quorum, and a sloppy quorum would let a write be acknowledged by nodes outside its home.
 */
public record KeyspaceConfig(int n, int r, int w, boolean sloppyQuorum) {
    public KeyspaceConfig {
        if (n < 1 || r < 1 || w < 1 || r > n || w > n) {
            throw new IllegalArgumentException("keyspace needs 1 <= r, w <= n, not n=" + n + " r=" + r + " w=" + w);
        }
    }

    /** R + W > N and no sloppy quorum. */
    public boolean strictQuorums() {
        return r + w > n && !sloppyQuorum;
    }

    @Override
    public String toString() {
        return "N=" + n + " R=" + r + " W=" + w + (sloppyQuorum ? " sloppy quorum" : "");
    }
}

package dev.distcounter.node.crdt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A short fingerprint of a counter's full state: every replica's entry, not just the sums.
 *
 * <p>Why: value and version are sums over the entries, and different entries can give the same
 * sums. Two sides of a partition that each counted one increment on a different replica show the
 * same value and the same version, yet hold different states (a merge changes both). Nodes agree
 * when their digests are equal (docs/guarantees.md §4).
 *
 * <p>Canonical encoding, hashed with SHA-256; the digest is the first {@value #HEX_LENGTH} hex
 * characters (64 bits), enough to tell apart the handful of states an operator compares (two
 * different states share one with probability 2^-64) and short enough to print:
 *
 * <pre>
 * count u32 (entries with P or N above 0), then per entry, sorted by replica (node, incarnation):
 *   node length u16 | node UTF-8 | incarnation i64 | P i64 | N i64        (big-endian)
 * </pre>
 *
 * Names are length-prefixed and numbers fixed-width, so two states encode alike only when they
 * are equal. An entry of P = N = 0 is left out: it holds nothing, and a merge treats it as absent
 * (a node that never received it does not take it), so it must not keep two nodes apart. The
 * encoding is this class's own, not the gossip payload's, so a change of the wire format does not
 * change digests; a change here changes every digest, and nodes on either side of it never agree.
 */
public final class StateDigest {
    /** Hex characters of a digest. */
    public static final int HEX_LENGTH = 16;

    private static final HexFormat HEX = HexFormat.of();

    private StateDigest() {}

    /** The digest of {@code counter}'s entries; equal states give equal digests, however they were built. */
    public static String of(PNCounter counter) {
        List<Map.Entry<ReplicaId, CounterEntry>> entries = counter.entries().entrySet().stream()
                .filter(e -> !e.getValue().equals(CounterEntry.ZERO))
                .sorted(Map.Entry.comparingByKey())
                .toList();
        MessageDigest sha = sha256();
        sha.update(ByteBuffer.allocate(4).putInt(entries.size()).array());
        for (Map.Entry<ReplicaId, CounterEntry> e : entries) {
            byte[] name = e.getKey().node().getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(2 + name.length + 24)
                    .putShort((short) name.length)
                    .put(name)
                    .putLong(e.getKey().incarnation())
                    .putLong(e.getValue().p())
                    .putLong(e.getValue().n())
                    .array());
        }
        return HEX.formatHex(sha.digest(), 0, HEX_LENGTH / 2);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every JDK must provide SHA-256 (java.security.MessageDigest's contract).
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}

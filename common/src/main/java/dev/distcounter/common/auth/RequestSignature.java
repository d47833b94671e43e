package dev.distcounter.common.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The signature of a discovery request (docs/protocol.md, "Discovery API: authentication"): a
 * header {@code X-Cluster-Auth: key=1a2b3c4d ts=1795240627338 mac=<64 hex digits>}, where the MAC
 * is HMAC-SHA256 under the named key of {@code METHOD\nPATH\nTS\n} followed by the body. The
 * server accepts it when the key is in its keyring, the MAC verifies, and {@code ts} is within
 * {@link #MAX_SKEW} of its own clock: a captured request cannot be sent again later than that,
 * and within it every signed request is one a node may repeat anyway (register, heartbeat,
 * deregister and the peer list are idempotent).
 */
public final class RequestSignature {
    public static final String HEADER = "X-Cluster-Auth";
    /** How far a request's time may be from the server's: the clocks of a cluster must agree this well. */
    public static final Duration MAX_SKEW = Duration.ofSeconds(30);

    private static final Pattern FORMAT =
            Pattern.compile("key=([0-9a-fA-F]{8}) ts=(-?[0-9]{1,19}) mac=([0-9a-fA-F]{64})");

    /** Why a request was refused; the tag is the meter's {@code reason}. */
    public record Rejection(String reason, String message) {}

    private RequestSignature() {}

    /** The header value that signs this request with {@code key} at {@code timestampMillis}. */
    public static String sign(ClusterKey key, String method, String path, long timestampMillis, byte[] body) {
        byte[] mac = key.mac(canonical(method, path, timestampMillis), body);
        return "key=" + key.fingerprint() + " ts=" + timestampMillis + " mac="
                + HexFormat.of().formatHex(mac);
    }

    /**
     * Checks a request's {@code header} (null when absent) against {@code keyring} at
     * {@code nowMillis}; empty when it passes.
     */
    public static Optional<Rejection> check(
            Keyring keyring, String header, String method, String path, byte[] body, long nowMillis) {
        if (header == null || header.isBlank()) {
            return reject(
                    "missing",
                    "no " + HEADER + " header: this server requires the cluster key; start the"
                            + " node with --cluster-key-file");
        }
        Matcher m = FORMAT.matcher(header.strip());
        if (!m.matches()) {
            return reject("malformed", HEADER + " is not key=<8 hex> ts=<ms> mac=<64 hex>");
        }
        int keyId = (int) Long.parseLong(m.group(1), 16);
        Optional<ClusterKey> key = keyring.find(keyId);
        if (key.isEmpty()) {
            return reject(
                    "unknown_key",
                    "signed with key " + m.group(1).toLowerCase(Locale.ROOT) + ", which this server does not hold");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            return reject("malformed", HEADER + " has a time out of range");
        }
        long skew = Math.abs(nowMillis - timestamp);
        if (skew > MAX_SKEW.toMillis() || timestamp < 0) {
            return reject(
                    "stale",
                    "signed at " + timestamp + ", " + (nowMillis - timestamp)
                            + " ms from this server's clock (at most " + MAX_SKEW.toMillis()
                            + " ms): a replay, or clocks"
                            + " that disagree");
        }
        byte[] expected = key.get().mac(canonical(method, path, timestamp), body);
        if (!ClusterKey.macMatches(expected, HexFormat.of().parseHex(m.group(3)))) {
            return reject(
                    "bad_mac", "the MAC does not verify under key " + key.get().fingerprint());
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(String reason, String message) {
        return Optional.of(new Rejection(reason, message));
    }

    private static byte[] canonical(String method, String path, long timestampMillis) {
        return (method + "\n" + path + "\n" + timestampMillis + "\n").getBytes(StandardCharsets.UTF_8);
    }
}

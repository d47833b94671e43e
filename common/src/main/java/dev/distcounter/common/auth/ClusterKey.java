package dev.distcounter.common.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One cluster key: 32 random bytes that every member holds and strangers do not. Frames and
 * discovery requests carry an HMAC-SHA256 under it (docs/protocol.md, "Authentication").
 *
 * <p>A key is named by its <b>fingerprint</b>, the first 4 bytes of SHA-256 of the key, as 8 hex
 * digits ({@code 1a2b3c4d}). The fingerprint is what frames carry as their key id, what logs and
 * the admin endpoints show, and what {@code keys use|remove} take: knowing it tells nothing about
 * the key (SHA-256 is one-way over 256 random bits). {@link #toString()} prints only the
 * fingerprint, so the key itself never reaches a log line by accident.
 */
public final class ClusterKey {
    /** A key is exactly this many random bytes: as long as HMAC-SHA256's output. */
    public static final int BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] secret;
    private final int id;
    private final String fingerprint;
    /** Mac objects are not thread-safe and cost a little to set up: one per thread, set up once. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private ClusterKey(byte[] secret) {
        if (secret.length != BYTES) {
            throw new IllegalArgumentException(
                    "a cluster key is " + BYTES + " random bytes, not " + secret.length + " bytes");
        }
        this.secret = secret.clone();
        this.id = ByteBuffer.wrap(sha256(this.secret)).getInt();
        this.fingerprint = formatId(id);
    }

    /** The key made of these 32 bytes (copied). */
    public static ClusterKey of(byte[] secret) {
        return new ClusterKey(secret);
    }

    /**
     * A new key of 32 bytes from {@code random}: always a {@link java.security.SecureRandom}
     * outside tests, which pass a seeded generator to get the same key every run.
     */
    public static ClusterKey generate(Random random) {
        byte[] secret = new byte[BYTES];
        random.nextBytes(secret);
        return new ClusterKey(secret);
    }

    /**
     * The key written as base64 (the key file's one line, and the body of an install request).
     *
     * @throws IllegalArgumentException not base64, or not 32 bytes; the message says which
     */
    public static ClusterKey parse(String base64) {
        String text = base64.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the key is empty; " + FORMAT);
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not base64 (" + e.getMessage() + "); " + FORMAT, e);
        }
        if (secret.length < BYTES) {
            throw new IllegalArgumentException(
                    "the key is too short: " + secret.length + " bytes, where " + BYTES + " are needed; " + FORMAT);
        }
        if (secret.length > BYTES) {
            throw new IllegalArgumentException("the key is " + secret.length + " bytes, not " + BYTES + "; " + FORMAT);
        }
        return new ClusterKey(secret);
    }

    /** What a key looks like, for error messages. */
    public static final String FORMAT = "a cluster key is " + BYTES + " random bytes in base64 (one line of 44"
            + " characters); make one with: java -jar cluster-tool.jar keys generate FILE";

    /** The key in base64: for the key file and the install request only, never for a log line. */
    public String base64() {
        return Base64.getEncoder().encodeToString(secret);
    }

    /** The key id frames carry: the first 4 bytes of SHA-256 of the key. */
    public int id() {
        return id;
    }

    /** The key id as 8 hex digits, e.g. {@code 1a2b3c4d}. */
    public String fingerprint() {
        return fingerprint;
    }

    /** A key id as a fingerprint: 8 hex digits. */
    public static String formatId(int id) {
        return HexFormat.of().toHexDigits(id);
    }

    /** HMAC-SHA256 under this key of {@code parts}, one after the other. Thread-safe. */
    public byte[] mac(byte[]... parts) {
        Mac mac = macs.get();
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    /**
     * HMAC-SHA256 under this key of {@code first[0, firstLength)} and {@code second[secondFrom,
     * secondFrom + secondLength)}: a frame's header and its body, without copying them. Thread-safe.
     */
    public byte[] mac(byte[] first, int firstLength, byte[] second, int secondFrom, int secondLength) {
        Mac mac = macs.get();
        mac.update(first, 0, firstLength);
        mac.update(second, secondFrom, secondLength);
        return mac.doFinal();
    }

    /** Whether {@code given} is the MAC {@code expected}, in time that does not depend on where they differ. */
    public static boolean macMatches(byte[] expected, byte[] given) {
        return MessageDigest.isEqual(expected, given);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Two keys are equal when their bytes are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterKey k && id == k.id && MessageDigest.isEqual(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return id;
    }

    /** The fingerprint only: the key never reaches a log line through this. */
    @Override
    public String toString() {
        return "key " + fingerprint;
    }
}

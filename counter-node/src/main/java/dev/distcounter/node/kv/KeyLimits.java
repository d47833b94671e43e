package dev.distcounter.node.kv;

import java.nio.charset.StandardCharsets;

/**
 * What the keyspace accepts: keys of 1 to {@value #MAX_KEY_BYTES} bytes of UTF-8, values of at
 * most {@value #MAX_VALUE_BYTES} bytes of UTF-8. The HTTP API refuses anything else with a 4xx,
 * and a replica refuses a frame that carries it, so no node ever holds a larger key or value.
 */
public final class KeyLimits {
    public static final int MAX_KEY_BYTES = 1024;
    public static final int MAX_VALUE_BYTES = 1024 * 1024;

    private KeyLimits() {}

    /**
     * Why {@code key} is not acceptable, or null when it is.
     */
    public static String keyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return "key required";
        }
        int bytes = utf8Length(key);
        if (bytes > MAX_KEY_BYTES) {
            return "key too long: " + bytes + " bytes of UTF-8, at most " + MAX_KEY_BYTES;
        }
        return null;
    }

    /** Why {@code value} is not acceptable, or null when it is. */
    public static String valueProblem(String value) {
        if (value == null) {
            return "value required";
        }
        // A String holds at most 3 UTF-8 bytes per char: only a long one needs counting.
        if ((long) value.length() * 3 <= MAX_VALUE_BYTES) {
            return null;
        }
        int bytes = utf8Length(value);
        return bytes > MAX_VALUE_BYTES
                ? "value too large: " + bytes + " bytes of UTF-8, at most " + MAX_VALUE_BYTES
                : null;
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}

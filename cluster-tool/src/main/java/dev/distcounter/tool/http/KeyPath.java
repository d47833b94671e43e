package dev.distcounter.tool.http;

import java.nio.charset.StandardCharsets;

/**
 * A key as one segment of a request path ({@code /kv/get/<segment>}): its UTF-8 bytes, every byte
 * but a letter, a digit, {@code -}, {@code _} or {@code ~} %-escaped. The node decodes a segment
 * with {@code +} as a plus and {@code %2F} inside it, so any key reaches it whole; dots are escaped
 * too, so that a key {@code ..} is not a path step for whoever normalises the URI on the way.
 */
public final class KeyPath {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private KeyPath() {}

    public static String segment(String key) {
        StringBuilder out = new StringBuilder(key.length() + 8);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}

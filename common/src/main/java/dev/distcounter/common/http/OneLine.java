package dev.distcounter.common.http;

/**
 * Reasons sent back to clients quote their input, which may hold newlines, control characters or
 * megabytes; a reason is kept one short line so a client (or a log) can print it as it is.
 */
public final class OneLine {
    /** Longest reason sent; longer ones are cut and end in "...". */
    public static final int MAX_REASON_CHARS = 300;
    /** Longest piece of client input quoted in a reason, so the explanation after it survives. */
    static final int MAX_QUOTED_CHARS = 100;

    private OneLine() {}

    /** {@code text} with control characters replaced by spaces, cut to {@link #MAX_REASON_CHARS}, stripped. */
    public static String of(String text) {
        return cut(text, MAX_REASON_CHARS).strip();
    }

    /** Client input to put between quotes in a reason: no control characters, at most 100 characters. */
    public static String quote(String input) {
        return cut(input, MAX_QUOTED_CHARS);
    }

    private static String cut(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max + 3));
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= max) {
                out.append("...");
                break;
            }
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString();
    }
}

package dev.distcounter.node.cli;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as users write them: {@code 67108864}, {@code 64MiB}, {@code 64MB}, {@code 512KiB}. */
public final class ByteSize {
    private ByteSize() {}

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");
    private static final Map<String, Long> UNITS = Map.of(
            "",
            1L,
            "b",
            1L,
            "kb",
            1_000L,
            "mb",
            1_000_000L,
            "gb",
            1_000_000_000L,
            "kib",
            1L << 10,
            "mib",
            1L << 20,
            "gib",
            1L << 30,
            "k",
            1L << 10,
            "m",
            1L << 20);

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || !UNITS.containsKey(m.group(2))) {
            throw new IllegalArgumentException(
                    "invalid size \"" + text + "\": use bytes or a unit (KiB, MiB, GiB, KB, MB, GB), e.g. 64MiB");
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), UNITS.get(m.group(2)));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid size \"" + text + "\": too large");
        }
    }

    /** The largest exact binary unit: {@code 64MiB}, {@code 1536KiB}, {@code 1000}. */
    public static String format(long bytes) {
        if (bytes > 0 && bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + "GiB";
        }
        if (bytes > 0 && bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + "MiB";
        }
        if (bytes > 0 && bytes % (1L << 10) == 0) {
            return bytes / (1L << 10) + "KiB";
        }
        return Long.toString(bytes);
    }
}

package dev.distcounter.common;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in Go's {@code time.ParseDuration} syntax, so the original's flags keep working:
 * {@code 2s}, {@code 500ms}, {@code 1m30s}, {@code 1.5h}, {@code 300us}, {@code 0}.
 */
public final class GoDuration {
    private GoDuration() {}

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns",
            1L,
            "us",
            1_000L,
            "µs",
            1_000L,
            "μs",
            1_000L,
            "ms",
            1_000_000L,
            "s",
            1_000_000_000L,
            "m",
            60_000_000_000L,
            "h",
            3_600_000_000_000L);

    /** Parses a Go duration; throws {@link IllegalArgumentException} naming the input when it is not one. */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"\": empty");
        }
        String s = text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("invalid duration \"" + text
                        + "\": use a number and a unit (ns, us, ms, s, m, h), e.g. 500ms, 2s, 1m30s");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
            at = m.end();
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\": too large");
        }
        long total = nanos.longValue();
        return Duration.ofNanos(negative ? -total : total);
    }

    /** Formats like Go's {@code Duration.String()}: {@code 2s}, {@code 500ms}, {@code 1m30s}, {@code 1h0m0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long nanos = d.toNanos();
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return decimal(nanos, 1_000) + "µs";
        }
        if (nanos < 1_000_000_000) {
            return decimal(nanos, 1_000_000) + "ms";
        }
        long hours = d.toHours();
        long minutes = d.toMinutesPart();
        String seconds = decimal(nanos % 60_000_000_000L, 1_000_000_000) + "s";
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds;
        }
        if (minutes > 0) {
            return minutes + "m" + seconds;
        }
        return seconds;
    }

    private static String decimal(long value, long unit) {
        return BigDecimal.valueOf(value)
                .divide(BigDecimal.valueOf(unit))
                .stripTrailingZeros()
                .toPlainString();
    }
}

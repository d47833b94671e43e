package dev.distcounter.bench;

import java.util.Locale;

/** How the report writes a number; always with a dot for decimals and commas for thousands. */
enum NumberStyle {
    /** Rounded to a whole number, thousands separated: 56,307. */
    WHOLE("%,.0f"),
    /** Milliseconds and ratios: 0.67. */
    TWO_DECIMALS("%.2f"),
    ONE_DECIMAL("%.1f"),
    /** A size given in KiB (as /proc gives it), written in MB of 1,000,000 bytes as the targets are. */
    MEGABYTES_FROM_KIB("%.0f") {
        @Override
        double scale(double kib) {
            return kib * 1024 / 1e6;
        }
    };

    private final String pattern;

    NumberStyle(String pattern) {
        this.pattern = pattern;
    }

    /** The value in the unit the style writes (MB for sizes in KiB; unchanged otherwise). */
    double scale(double value) {
        return value;
    }

    String format(double value) {
        return String.format(Locale.ROOT, pattern, scale(value));
    }
}

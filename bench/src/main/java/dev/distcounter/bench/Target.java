package dev.distcounter.bench;

import java.util.Locale;
import java.util.OptionalDouble;

/** A target of issue 5 and the verdict on a measured value: a limit to reach or to stay below. */
record Target(Comparison comparison, double limit) {

    enum Comparison {
        AT_LEAST("≥"),
        BELOW("<");

        final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }
    }

    static final String MET = "met";
    static final String MISSED = "**missed**";
    static final String NOT_MEASURED = "not measured";

    static Target atLeast(double limit) {
        return new Target(Comparison.AT_LEAST, limit);
    }

    static Target below(double limit) {
        return new Target(Comparison.BELOW, limit);
    }

    /** {@code met}, {@code **missed**} (bold, to stand out in the table) or {@code not measured}. */
    String verdict(OptionalDouble measured) {
        if (measured.isEmpty()) {
            return NOT_MEASURED;
        }
        double v = measured.getAsDouble();
        boolean met = comparison == Comparison.AT_LEAST ? v >= limit : v < limit;
        return met ? MET : MISSED;
    }

    /** {@code ≥ 0.8}: the limit as the report's target columns write it. */
    String text() {
        return comparison.symbol + " " + limitText();
    }

    String limitText() {
        return limit == Math.rint(limit) ? String.format(Locale.ROOT, "%.0f", limit) : Double.toString(limit);
    }
}

package dev.distcounter.bench;

/**
 * A figure measured over runs as the report writes it in a table cell: the median, then the
 * lowest and highest run in parentheses ({@code 0.67× (0.63 – 0.69)}); the value alone when one
 * run measured it; {@code -} when none did.
 */
final class FigureCell {
    static final String MISSING = "-";

    private FigureCell() {}

    static String of(PerRun values, NumberStyle style) {
        return of(values, style, "");
    }

    /** With {@code unit} after the median (or the single value): {@code " ms"}, {@code "×"}. */
    static String of(PerRun values, NumberStyle style, String unit) {
        if (values.isEmpty()) {
            return MISSING;
        }
        Samples s = values.samples();
        String median = style.format(s.median()) + unit;
        if (s.count() == 1) {
            return median;
        }
        return median + " (" + style.format(s.min()) + " – " + style.format(s.max()) + ")";
    }
}

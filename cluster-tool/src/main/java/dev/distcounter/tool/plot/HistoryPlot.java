package dev.distcounter.tool.plot;

import dev.distcounter.checker.Fault;
import dev.distcounter.checker.History;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A simulation's history as an SVG a person opens in a browser: each node's counter value over
 * time ({@link ValueSeries}, one line per node), the faults as shaded, labelled bands
 * ({@link FaultBand}), and the checker's verdict in the title. Times are seconds from the
 * history's first entry. The elements a program reads carry classes and data attributes:
 * {@code polyline.series[data-node]}, {@code rect.fault[data-kind]}.
 */
public final class HistoryPlot {
    static final int WIDTH = 960;
    static final int HEIGHT = 480;
    private static final int LEFT = 70;
    private static final int RIGHT = 130;
    private static final int TOP = 56;
    private static final int BOTTOM = 44;
    private static final String[] COLORS = {
        "#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"
    };

    private HistoryPlot() {}

    /** Writes the plot beside {@code historyFile} ({@code history-X.jsonl} gives {@code history-X.svg}) and returns its path. */
    public static Path writeBeside(Path historyFile, History history, String verdict) throws IOException {
        String name = historyFile.getFileName().toString();
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        Path svg = historyFile.resolveSibling(base + ".svg");
        Files.writeString(svg, svg(history, verdict), StandardCharsets.UTF_8);
        return svg;
    }

    /** The SVG document; {@code verdict} e.g. {@code VALID}. */
    public static String svg(History history, String verdict) {
        List<ValueSeries> series = ValueSeries.of(history);
        long start = times(history, series).min().orElse(0);
        long end = Math.max(start + 1, times(history, series).max().orElse(start + 1));
        List<FaultBand> bands = FaultBand.of(history.faults(), end);
        long low = series.stream()
                .flatMap(s -> s.points().stream())
                .mapToLong(ValueSeries.Point::value)
                .min()
                .orElse(0);
        long high = series.stream()
                .flatMap(s -> s.points().stream())
                .mapToLong(ValueSeries.Point::value)
                .max()
                .orElse(1);
        Frame frame = new Frame(start, end, low, Math.max(high, low + 1));

        StringBuilder out = new StringBuilder();
        String title = "Simulation: " + verdict + " (" + history.ops().size() + " ops, " + bands.size() + " faults, "
                + series.size() + " nodes)";
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
                        + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT
                        + "\" font-family=\"sans-serif\" font-size=\"12\">\n")
                .append("<title>")
                .append(escape(title))
                .append("</title>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
                .append(text(LEFT, 24, title, "title", "font-size=\"16\" font-weight=\"bold\""));
        for (int b = 0; b < bands.size(); b++) {
            FaultBand band = bands.get(b);
            double x1 = frame.x(band.fromMillis());
            double x2 = Math.max(frame.x(band.toMillis()), x1 + 1);
            out.append("<rect class=\"fault\" data-kind=\"" + escape(band.kind()) + "\" x=\"" + f(x1) + "\" y=\"" + TOP
                            + "\" width=\"" + f(x2 - x1) + "\" height=\"" + (HEIGHT - TOP - BOTTOM)
                            + "\" fill=\"#f59e0b\" fill-opacity=\"0.18\"><title>")
                    .append(escape(band.label()))
                    .append("</title></rect>\n")
                    .append(text(x1 + 3, TOP + 12 + 14 * (b % 3), band.label(), "fault-label", ""));
        }
        axes(out, frame);
        for (int i = 0; i < series.size(); i++) {
            ValueSeries s = series.get(i);
            String color = COLORS[i % COLORS.length];
            // Steps: a node holds a value until it answers another.
            StringBuilder points = new StringBuilder();
            ValueSeries.Point previous = null;
            for (ValueSeries.Point p : s.points()) {
                String x = f(frame.x(p.atMillis()));
                if (previous != null) {
                    points.append(' ')
                            .append(x)
                            .append(',')
                            .append(f(frame.y(previous.value())))
                            .append(' ');
                }
                points.append(x).append(',').append(f(frame.y(p.value())));
                previous = p;
            }
            out.append("<polyline class=\"series\" data-node=\"" + escape(s.node()) + "\" fill=\"none\" stroke=\""
                    + color + "\" stroke-width=\"1.5\" points=\"" + points + "\"/>\n");
            int legendY = TOP + 16 * i;
            out.append("<rect x=\"" + (WIDTH - RIGHT + 12) + "\" y=\"" + (legendY + 2)
                            + "\" width=\"14\" height=\"3\" fill=\"" + color + "\"/>\n")
                    .append(text(WIDTH - RIGHT + 32, legendY + 8, "node " + s.node(), "legend", ""));
        }
        return out.append("</svg>\n").toString();
    }

    /** Where history times and values go on the canvas. */
    private record Frame(long start, long end, long low, long high) {
        double x(long millis) {
            return LEFT + (double) (millis - start) / (end - start) * (WIDTH - LEFT - RIGHT);
        }

        double y(long value) {
            return HEIGHT - BOTTOM - (double) (value - low) / (high - low) * (HEIGHT - TOP - BOTTOM);
        }
    }

    private static void axes(StringBuilder out, Frame frame) {
        int bottom = HEIGHT - BOTTOM;
        out.append("<g class=\"axes\" stroke=\"#64748b\"><line x1=\"" + LEFT + "\" y1=\"" + bottom + "\" x2=\""
                + (WIDTH - RIGHT) + "\" y2=\"" + bottom + "\"/><line x1=\"" + LEFT + "\" y1=\"" + TOP + "\" x2=\""
                + LEFT + "\" y2=\"" + bottom + "\"/></g>\n");
        for (int i = 0; i <= 5; i++) {
            long millis = frame.start() + (frame.end() - frame.start()) * i / 5;
            String seconds = String.format(Locale.ROOT, "%.1fs", (millis - frame.start()) / 1000.0);
            out.append(text(frame.x(millis) - 12, bottom + 16, seconds, "tick", ""));
        }
        // Whole values only, about six of them.
        long step = Math.max(1, (frame.high() - frame.low() + 4) / 5);
        for (long value = frame.low(); value <= frame.high(); value += step) {
            out.append(text(8, frame.y(value) + 4, Long.toString(value), "tick", ""));
        }
        out.append(text((LEFT + WIDTH - RIGHT) / 2.0 - 60, HEIGHT - 8, "time since the first entry", "axis", ""))
                .append(text(8, TOP - 18, "value", "axis", ""));
    }

    private static LongStream times(History history, List<ValueSeries> series) {
        return Stream.concat(
                        series.stream().flatMap(s -> s.points().stream()).map(ValueSeries.Point::atMillis),
                        history.faults().stream().map(Fault::atMillis))
                .mapToLong(Long::longValue);
    }

    private static String text(double x, double y, String text, String cssClass, String attributes) {
        return "<text class=\"" + cssClass + "\" x=\"" + f(x) + "\" y=\"" + f(y) + "\""
                + (attributes.isEmpty() ? "" : " " + attributes) + ">" + escape(text) + "</text>\n";
    }

    private static String f(double coordinate) {
        return String.format(Locale.ROOT, "%.1f", coordinate);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}

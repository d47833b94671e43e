package dev.distcounter.tool.console;

import java.io.PrintStream;

/**
 * The operator's terminal: lines in run-cluster.sh's styles (blue information, a green ✓, a
 * yellow !, a red ✗, a bold cyan header), coloured only when the script said its output is a
 * terminal. Every line is flushed at once, because the script's own lines (a node restarting
 * during a simulation) go to the same stdout in between.
 */
public final class Terminal {
    private static final String RED = "\033[0;31m";
    private static final String GREEN = "\033[0;32m";
    private static final String YELLOW = "\033[0;33m";
    private static final String BLUE = "\033[0;34m";
    private static final String CYAN = "\033[0;36m";
    private static final String BOLD = "\033[1m";
    private static final String RESET = "\033[0m";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean colour;

    public Terminal(PrintStream out, PrintStream err, boolean colour) {
        this.out = out;
        this.err = err;
        this.colour = colour;
    }

    public void line(String text) {
        out.println(text);
        out.flush();
    }

    public void blank() {
        line("");
    }

    public void info(String text) {
        line(paint(BLUE, text));
    }

    public void ok(String text) {
        line(paint(GREEN, "✓ " + text));
    }

    public void warn(String text) {
        line(paint(YELLOW, "! " + text));
    }

    public void fail(String text) {
        line(paint(RED, "✗ " + text));
    }

    public void header(String text) {
        line(colour ? BOLD + CYAN + text + RESET : text);
    }

    /** A failure that ends the command, on stderr (the script's {@code die}). */
    public void failOnStderr(String text) {
        out.flush();
        err.println(paint(RED, "✗ " + text));
        err.flush();
    }

    public String red(String text) {
        return paint(RED, text);
    }

    public String green(String text) {
        return paint(GREEN, text);
    }

    public String yellow(String text) {
        return paint(YELLOW, text);
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }
}

package dev.distcounter.testsupport;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A logback appender that keeps the last {@link #CAPACITY} events logged in this JVM in memory,
 * formatted, so that {@link LogOnFailure} can print what a failing test logged; the file appender
 * beside it in logback-test.xml keeps every line. One buffer per JVM: the logging threads of a
 * test (a node's gossip thread, say) are not the test's own thread, so lines cannot be told apart
 * by thread, only by when they were logged.
 */
public final class RecentLogLines extends AppenderBase<ILoggingEvent> {
    static final int CAPACITY = 2_000;

    private static final Deque<String> LINES = new ArrayDeque<>();
    private static long dropped;

    private final PatternLayout layout = new PatternLayout();
    private String pattern = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";

    /** What {@link #take()} returns: the lines kept, and how many older ones were dropped for them. */
    record Lines(List<String> kept, long dropped) {
        boolean isEmpty() {
            return kept.isEmpty() && dropped == 0;
        }
    }

    /** The layout of each line, as in a PatternLayoutEncoder; set from logback-test.xml. */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        layout.setContext(getContext());
        layout.setPattern(pattern);
        layout.start();
        super.start();
    }

    @Override
    public void stop() {
        layout.stop();
        super.stop();
    }

    @Override
    protected void append(ILoggingEvent event) {
        add(layout.doLayout(event));
    }

    static void add(String line) {
        synchronized (LINES) {
            if (LINES.size() == CAPACITY) {
                LINES.removeFirst();
                dropped++;
            }
            LINES.addLast(line);
        }
    }

    /** Forgets every line kept so far. */
    static void clear() {
        take();
    }

    /** The lines kept so far, oldest first; forgets them. */
    static Lines take() {
        synchronized (LINES) {
            Lines lines = new Lines(List.copyOf(LINES), dropped);
            LINES.clear();
            dropped = 0;
            return lines;
        }
    }
}

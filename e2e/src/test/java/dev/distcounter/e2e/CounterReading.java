package dev.distcounter.e2e;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A node's counter as its HTTP API printed it: value and version (total unit operations known). */
record CounterReading(long value, long version) {
    private static final Pattern COUNTER = Pattern.compile("Counter: (-?\\d+) \\(version (\\d+)\\)");
    private static final Pattern WRITE =
            Pattern.compile("Counter (incremented|decremented) to (-?\\d+) \\(version (\\d+)\\)");

    /** Parses {@code Counter: X (version V)}, the body of {@code GET /counter}. */
    static CounterReading parseCounter(String body) {
        Matcher m = COUNTER.matcher(body.strip());
        if (!m.matches()) {
            throw new AssertionError("not a /counter reply: \"" + body.strip() + "\"");
        }
        return new CounterReading(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    /**
     * Parses {@code Counter incremented to X (version V)} or {@code Counter decremented to X (version V)};
     * {@code verb} is "incremented" or "decremented".
     */
    static CounterReading parseWrite(String verb, String body) {
        Matcher m = WRITE.matcher(body.strip());
        if (!m.matches() || !m.group(1).equals(verb)) {
            throw new AssertionError("not a \"Counter " + verb + " to X (version V)\" reply: \"" + body.strip() + "\"");
        }
        return new CounterReading(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }

    @Override
    public String toString() {
        return value + " (version " + version + ")";
    }
}

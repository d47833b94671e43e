package dev.distcounter.tool.http;

/** {@code GET /counter}: {@code {"value","version","node"}}. */
public record CounterState(long value, long version, String node) {
    /** The node's text reply: "Counter: 3 (version 9)". */
    public String line() {
        return "Counter: " + value + " (version " + version + ")";
    }
}

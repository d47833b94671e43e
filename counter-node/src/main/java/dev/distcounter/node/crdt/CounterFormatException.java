package dev.distcounter.node.crdt;

/** Bytes that do not decode to a valid counter state (from the network or the log). */
public final class CounterFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public CounterFormatException(String message) {
        super(message);
    }
}

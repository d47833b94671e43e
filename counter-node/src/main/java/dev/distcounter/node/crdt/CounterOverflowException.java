package dev.distcounter.node.crdt;

/**
 * An operation or merge would take the counter's totals past the signed 64-bit range. The
 * counter refuses it instead of wrapping around (docs/guarantees.md §5).
 */
public final class CounterOverflowException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public CounterOverflowException(String message) {
        super(message);
    }
}

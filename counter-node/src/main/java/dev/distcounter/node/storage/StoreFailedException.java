package dev.distcounter.node.storage;

/**
 * The store cannot make changes durable any more (its write-ahead log failed), so it refuses
 * them before applying anything: the caller can report "not counted" with certainty.
 */
public final class StoreFailedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public StoreFailedException(String message) {
        super(message);
    }
}

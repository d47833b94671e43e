package dev.distcounter.tool;

/** Bad arguments: the command did nothing; the message says what was wrong (exit 2). */
public final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
        super(message);
    }
}

package dev.distcounter.tool;

/**
 * A command that cannot go on, such as one that needs a running node when none runs: the
 * message goes to stderr and the tool exits 1 (the script's {@code die}).
 */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailure(String message) {
        super(message);
    }

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.distcounter.tool.cluster;

/** The script could not do what was asked of a process, or could not be asked. */
public final class ProcessControlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProcessControlException(String message) {
        super(message);
    }

    public ProcessControlException(String message, Throwable cause) {
        super(message, cause);
    }
}

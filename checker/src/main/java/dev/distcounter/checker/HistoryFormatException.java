package dev.distcounter.checker;

import java.io.IOException;

/** A history file line that cannot be read; the message starts with {@code line N:}. */
public final class HistoryFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int lineNumber;

    public HistoryFormatException(int lineNumber, String problem) {
        super("line " + lineNumber + ": " + problem);
        this.lineNumber = lineNumber;
    }

    /** 1-based. */
    public int lineNumber() {
        return lineNumber;
    }
}

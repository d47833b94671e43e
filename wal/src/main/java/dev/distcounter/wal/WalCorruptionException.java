package dev.distcounter.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The log cannot be opened as it is: a record or header in the middle of the log is damaged
 * (or records are missing). Names the file and byte offset so an operator can look; opening
 * again with repair on truncates there and keeps a copy of what was cut.
 */
public final class WalCorruptionException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public WalCorruptionException(Path file, long offset, String problem) {
        super(problem + " in " + file + " at offset " + offset);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}

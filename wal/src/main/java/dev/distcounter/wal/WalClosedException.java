package dev.distcounter.wal;

import java.nio.file.Path;

/** The log was used after {@link WriteAheadLog#close()}: a bug in the caller. */
public final class WalClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public WalClosedException(Path dir) {
        super("WAL " + dir + " is closed");
    }
}

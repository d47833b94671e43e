package dev.distcounter.wal;

import java.io.IOException;
import java.nio.file.Path;

/** Another process (or another open log in this one) holds the directory's lock file. */
public final class WalLockedException extends IOException {
    private static final long serialVersionUID = 1L;

    public WalLockedException(Path lockFile) {
        super("WAL directory " + lockFile.getParent() + " is in use by another process (lock file " + lockFile
                + " is held)");
    }
}

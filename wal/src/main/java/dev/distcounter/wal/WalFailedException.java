package dev.distcounter.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A write or force failed. The log stops accepting appends from then on: after a failed fsync
 * the kernel may have dropped the dirty pages, so retrying could acknowledge data that is gone.
 */
public final class WalFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public WalFailedException(Path dir, Throwable cause) {
        super("WAL " + dir + " failed and accepts no more appends: " + cause, cause);
    }
}

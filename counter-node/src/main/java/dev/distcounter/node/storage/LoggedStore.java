package dev.distcounter.node.storage;

import dev.distcounter.wal.RecoveryReport;
import dev.distcounter.wal.WriteAheadLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A store whose changes go to a write-ahead log of its own, or nowhere ({@code --wal=false}):
 * what the node reports about that log (status, metrics), the same way for every store.
 */
public interface LoggedStore {
    /** The log, absent for a store kept in memory only. */
    Optional<WriteAheadLog> wal();

    default boolean persistent() {
        return wal().isPresent();
    }

    /** What opening the log found and did. */
    default Optional<RecoveryReport> recovery() {
        return wal().map(WriteAheadLog::recovery);
    }

    /** Why the log failed, if it did (the store then refuses writes until the node restarts). */
    default Optional<String> failure() {
        return wal().flatMap(WriteAheadLog::failure).map(Throwable::getMessage);
    }

    /** Writes a snapshot of a store's state, covering its log's last sequence. */
    interface Snapshot {
        void write() throws IOException;
    }

    /**
     * Closes {@code wal}, first writing a snapshot (so the next start replays little) when records
     * came after the last one, unless the log has failed: the disk is then suspect, and the log as
     * it stands is what the next start should recover from. A failed snapshot is handed to
     * {@code snapshotFailed} and the log still closed.
     */
    static void closeAfterSnapshot(WriteAheadLog wal, Snapshot snapshot, Consumer<Exception> snapshotFailed)
            throws IOException {
        try {
            if (wal.lastSequence() > wal.lastSnapshotSequence() && wal.failure().isEmpty()) {
                snapshot.write();
            }
        } catch (IOException | UncheckedIOException e) {
            snapshotFailed.accept(e);
        } finally {
            wal.close();
        }
    }
}

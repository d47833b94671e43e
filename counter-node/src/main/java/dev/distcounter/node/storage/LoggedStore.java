package dev.distcounter.node.storage;

import dev.distcounter.wal.RecoveryReport;
import dev.distcounter.wal.WriteAheadLog;
import java.util.Optional;

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
}

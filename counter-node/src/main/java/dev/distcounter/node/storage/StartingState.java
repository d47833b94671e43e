package dev.distcounter.node.storage;

import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.wal.RecoveryReport;
import java.nio.file.Path;

/**
 * What a node starts from, as the one line it logs about it: the data (WAL) directory, absolute,
 * and the state recovered there. Two nodes that share a directory by accident (one started by
 * hand, one by the script, both on the default {@code data/wal/node-<port>}) then say so at once,
 * instead of the second one silently starting at the first one's count.
 */
public final class StartingState {
    private StartingState() {}

    /**
     * {@code data dir /home/me/dc/data/wal/node-9001: recovered value 303, version 311, 2 replica
     * entries (snapshot of sequence 200 + 42 records replayed)}, or {@code data dir ...: fresh
     * (empty), starting at value 0, version 0}.
     */
    public static String describe(Path dir, PNCounter state, RecoveryReport recovery) {
        StringBuilder line = new StringBuilder("data dir ")
                .append(dir.toAbsolutePath().normalize())
                .append(": ");
        if (recovery.lastSequence() == 0) {
            line.append("fresh (empty), starting at value ")
                    .append(state.value())
                    .append(", version ")
                    .append(state.version());
        } else {
            line.append("recovered value ")
                    .append(state.value())
                    .append(", version ")
                    .append(state.version())
                    .append(", ")
                    .append(state.entries().size())
                    .append(state.entries().size() == 1 ? " replica entry (" : " replica entries (");
            if (recovery.snapshotSequence() > 0) {
                line.append("snapshot of sequence ")
                        .append(recovery.snapshotSequence())
                        .append(" + ");
            }
            line.append(recovery.recordsReplayed()).append(" records replayed)");
        }
        if (!recovery.truncations().isEmpty()) {
            line.append("; recovery made ")
                    .append(recovery.truncations().size())
                    .append(" cut(s), the bytes kept in quarantine/");
        }
        return line.toString();
    }

    /** The line of a node without a WAL. */
    public static String withoutWal() {
        return "WAL disabled, starting empty (--wal=false): state lives in memory only; an acknowledged"
                + " operation survives a crash of this node only once it has been gossiped to a peer";
    }
}

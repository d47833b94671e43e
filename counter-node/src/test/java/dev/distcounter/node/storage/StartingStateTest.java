package dev.distcounter.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.crdt.ReplicaId;
import dev.distcounter.wal.RecoveryReport;
import dev.distcounter.wal.Truncation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartingStateTest {
    private static final Path ABSOLUTE = Path.of("/srv/dc/data/wal/node-9001");

    private static PNCounter twoReplicas() {
        return PNCounter.empty()
                .increment(new ReplicaId("localhost:9001", 1), 310)
                .decrement(new ReplicaId("localhost:9002", 7), 7);
    }

    @Test
    void anEmptyDirectoryIsAFreshStart() {
        RecoveryReport nothing = new RecoveryReport(0, 0, 0, 1, List.of());

        assertThat(StartingState.describe(ABSOLUTE, PNCounter.empty(), nothing))
                .isEqualTo("data dir /srv/dc/data/wal/node-9001: fresh (empty), starting at value 0, version 0");
    }

    @Test
    void aRecoveredStateGivesValueVersionEntriesAndWhatWasReplayed() {
        RecoveryReport replayed = new RecoveryReport(0, 42, 42, 1, List.of());
        RecoveryReport fromSnapshot = new RecoveryReport(200, 42, 242, 3, List.of());

        assertThat(StartingState.describe(ABSOLUTE, twoReplicas(), replayed))
                .isEqualTo("data dir /srv/dc/data/wal/node-9001: recovered value 303, version 317,"
                        + " 2 replica entries (42 records replayed)");
        assertThat(StartingState.describe(ABSOLUTE, twoReplicas(), fromSnapshot))
                .isEqualTo("data dir /srv/dc/data/wal/node-9001: recovered value 303, version 317,"
                        + " 2 replica entries (snapshot of sequence 200 + 42 records replayed)");
    }

    @Test
    void oneReplicaIsOneEntry() {
        PNCounter one = PNCounter.empty().increment(new ReplicaId("localhost:9001", 1), 23);

        assertThat(StartingState.describe(ABSOLUTE, one, new RecoveryReport(24, 0, 25, 2, List.of())))
                .endsWith(
                        "recovered value 23, version 23, 1 replica entry (snapshot of sequence 24 + 0 records replayed)");
    }

    @Test
    void cutsMadeByRecoveryAreMentioned() {
        Truncation torn = new Truncation(ABSOLUTE.resolve("1.wal"), 100, 9, ABSOLUTE, "record cut short", true);
        RecoveryReport cut = new RecoveryReport(0, 3, 3, 1, List.of(torn));

        assertThat(StartingState.describe(ABSOLUTE, twoReplicas(), cut))
                .endsWith("(3 records replayed); recovery made 1 cut(s), the bytes kept in quarantine/");
    }

    @Test
    void aRelativeDirectoryIsShownAbsolute() {
        RecoveryReport nothing = new RecoveryReport(0, 0, 0, 1, List.of());

        assertThat(StartingState.describe(Path.of("data/wal/./node-9001"), PNCounter.empty(), nothing))
                .startsWith(
                        "data dir " + Path.of("").toAbsolutePath().resolve("data/wal/node-9001") + ": fresh (empty)");
    }

    @Test
    void withoutAWalTheLineSaysSo() {
        assertThat(StartingState.withoutWal()).startsWith("WAL disabled, starting empty (--wal=false)");
    }
}

package dev.distcounter.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.checker.History;
import dev.distcounter.checker.HistoryChecker;
import dev.distcounter.checker.KeyFinalRead;
import dev.distcounter.checker.KeyOperation;
import dev.distcounter.checker.KeyspaceConfig;
import dev.distcounter.checker.Operation;
import dev.distcounter.checker.Outcome;
import dev.distcounter.tool.FakeKeyspace.Trouble;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate --workload kv|both} against a fake cluster: the key requests, their history, the final replica reads. */
class SimulateKeysTest {
    @TempDir
    Path dir;

    @Test
    void aKeyWorkloadRecordsItsRequestsAndEveryReplicaOfEveryKey() throws IOException {
        ToolRunner tool = new ToolRunner(dir);

        ToolRunner.Result sim = tool.run("simulate", "10", "2", "3", "--workload", "kv", "--seed", "5");

        assertThat(sim.exit()).as(sim.out()).isZero();
        assertThat(sim.lines()).contains("Workload: kv; keys sim-5-k0 to k7, N=3 R=2 W=2");
        History history = History.read(SimulateCommandTest.historyIn(dir));
        assertThat(history.ops()).as("no counter writes").isEmpty();
        assertThat(history.keyspace()).isEqualTo(new KeyspaceConfig(3, 2, 2, false));
        List<KeyOperation> during = history.keyOps().subList(0, 15);
        assertThat(during).allMatch(op -> op.key().matches("sim-5-k[0-7]") && op.outcome() == Outcome.OK);
        assertThat(during).extracting(KeyOperation::kind).contains(KeyOperation.Kind.PUT, KeyOperation.Kind.GET);
        assertThat(history.keyOps().subList(15, history.keyOps().size()))
                .as("one quorum read of each key at the end")
                .hasSize(8)
                .allMatch(op -> op.kind() == KeyOperation.Kind.GET && op.node().equals("1"));
        assertThat(history.keyFinals())
                .as("the 3 replicas of each of the 8 keys")
                .hasSize(24);
        for (int k = 0; k < 8; k++) {
            String key = "sim-5-k" + k;
            assertThat(history.keyFinals())
                    .filteredOn(f -> f.key().equals(key))
                    .extracting(KeyFinalRead::node)
                    .containsExactlyElementsOf(tool.cluster.keyspace.replicas(key).stream()
                            .map(String::valueOf)
                            .toList());
        }
        assertThat(HistoryChecker.check(history).valid()).isTrue();
        assertThat(sim.lines()).last().asString().startsWith("✓ History check: VALID");
    }

    @Test
    void bothWorkloadsKeepTheCountersScheduleForTheSeed(@TempDir Path other) throws IOException {
        ToolRunner counter = new ToolRunner(dir);
        ToolRunner both = new ToolRunner(other);

        ToolRunner.Result a = counter.run("simulate", "8", "1", "2", "--seed", "9");
        ToolRunner.Result b = both.run("simulate", "8", "1", "2", "--workload", "both", "--seed", "9");

        assertThat(a.exit()).as(a.out()).isZero();
        assertThat(b.exit()).as(b.out()).isZero();
        History alone = History.read(SimulateCommandTest.historyIn(dir));
        History mixed = History.read(SimulateCommandTest.historyIn(other));
        assertThat(mixed.ops())
                .extracting(Operation::node, Operation::delta)
                .isEqualTo(alone.ops().stream()
                        .map(op -> org.assertj.core.groups.Tuple.tuple(op.node(), op.delta()))
                        .toList());
        assertThat(mixed.keyOps()).hasSize(16 + 8);
        assertThat(alone.keyOps()).isEmpty();
        assertThat(alone.keyspace()).isNull();
    }

    @Test
    void refusedAndUncertainWritesAreFailAndInfoAndTheHistoryStaysValid() throws IOException {
        ToolRunner tool = new ToolRunner(dir);
        tool.cluster.keyspace.trouble(2, Trouble.NO_QUORUM_AT_ALL).trouble(3, Trouble.WRITES_REACH_ONE);
        tool.cluster.stop(4);

        ToolRunner.Result sim = tool.run("simulate", "10", "1", "4", "--workload", "kv", "--seed", "2");

        History history = History.read(SimulateCommandTest.historyIn(dir));
        assertThat(history.keyOps()).extracting(KeyOperation::outcome).contains(Outcome.OK, Outcome.FAIL, Outcome.INFO);
        assertThat(sim.lines())
                .anyMatch(line ->
                        line.contains(": HTTP 503 (write quorum not reached") && line.endsWith(", outcome unknown"));
        assertThat(sim.lines()).anyMatch(line -> line.startsWith("Key operations stopped: "));
        assertThat(HistoryChecker.check(history).valid()).isTrue();
        assertThat(sim.lines()).last().asString().startsWith("✓ History check: VALID");
    }

    @Test
    void aReplicaThatLostItsKeysMakesTheHistoryInvalidAfterWaitingForItToAgree() throws IOException {
        ToolRunner tool = new ToolRunner(dir);
        for (int k = 0; k < 8; k++) {
            tool.cluster.keyspace.forget(1, "sim-7-k" + k);
        }
        long start = tool.cluster.millis();

        ToolRunner.Result sim = tool.run("simulate", "10", "1", "4", "--workload", "kv", "--seed", "7");

        assertThat(sim.exit()).isEqualTo(1);
        assertThat(sim.out()).contains("replicas of key \"sim-7-k", "History check: INVALID");
        assertThat(tool.cluster.millis() - start)
                .as("it gave the replicas of a key node 1 holds time to agree")
                .isGreaterThan(10_000 + 10_000);
    }

    @Test
    void theWorkloadIsOneOfThree() {
        ToolRunner tool = new ToolRunner(dir);
        ToolRunner.Result unknown = tool.run("simulate", "--workload", "keys");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("✗ Unknown workload 'keys' (expected counter, kv or both)\n");
        ToolRunner.Result missing = tool.run("simulate", "--workload");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("✗ --workload needs one of: counter, kv, both\n");
    }
}

package dev.distcounter.tool.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.checker.Fault;
import dev.distcounter.tool.ClusterSession;
import dev.distcounter.tool.ToolRunner;
import dev.distcounter.tool.convergence.Snapshots;
import dev.distcounter.tool.write.OperationTally;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and ending faults, and the end of a simulation with faults, on a fake cluster. */
class SimulationFaultsTest {
    @TempDir
    Path dir;

    private ToolRunner tool;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ClusterSession session;
    private SimulationHistory history;
    private FaultInjector injector;

    @BeforeEach
    void cluster() {
        tool = new ToolRunner(dir);
        session = tool.session(new PrintStream(out, true, StandardCharsets.UTF_8));
        history = SimulationHistory.create(session.layout(), session.time());
        injector = new FaultInjector(session, history);
    }

    @Test
    void killingTheNodeWithoutAWalMeansAcknowledgedWritesMayBeLost() {
        FaultInjector.ActiveFault durable =
                injector.start(new PlannedFault.Kill(2, 3), session.processes().running());
        assertThat(injector.lossPossible()).isFalse();
        injector.end(durable);

        FaultInjector.ActiveFault volatileNode =
                injector.start(new PlannedFault.Kill(3, 3), session.processes().running());

        assertThat(volatileNode.description()).isEqualTo("node 3 killed");
        assertThat(injector.lossPossible()).isTrue();
        assertThat(history.history().faults())
                .extracting(Fault::what, Fault::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("kill", "node 2 (localhost:9001, PID 1001) SIGKILL"),
                        org.assertj.core.groups.Tuple.tuple("restart", "node 2 (localhost:9001, PID 1005)"),
                        org.assertj.core.groups.Tuple.tuple("kill", "node 3 (localhost:9002, PID 1002) SIGKILL"));
        assertThat(text()).contains("! fault: SIGKILL node 2 (PID 1001)", "! fault: SIGKILL node 3 (PID 1002)");
    }

    @Test
    void aNodeThatIsAlreadyGoneIsNotAFault() {
        tool.cluster.stop(4);

        FaultInjector.ActiveFault fault = injector.start(new PlannedFault.Kill(4, 3), tool.cluster.running());

        assertThat(fault).isNull();
        assertThat(text()).contains("! fault: could not SIGKILL node 4");
        assertThat(history.history().faults()).isEmpty();
    }

    @Test
    void aPauseLastsItsDurationAndEndsWithSigcont() {
        FaultInjector.ActiveFault pause = injector.start(
                new PlannedFault.Pause(4, 3000, 6), session.processes().running());

        assertThat(pause.description()).isEqualTo("node 4 paused");
        assertThat(pause.over(5, pause.startMillis() + 10_000))
                .as("before its end cycle")
                .isFalse();
        assertThat(pause.over(6, pause.startMillis() + 2999))
                .as("before its duration")
                .isFalse();
        assertThat(pause.over(6, pause.startMillis() + 3000)).isTrue();
        injector.end(pause);

        assertThat(tool.cluster.events).containsExactly("pause 4", "resume 4");
        assertThat(history.history().faults())
                .extracting(Fault::what, Fault::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "pause", "node 4 (localhost:9003, PID 1003) SIGSTOP for 3.0s"),
                        org.assertj.core.groups.Tuple.tuple("resume", "node 4 (localhost:9003) SIGCONT"));
        assertThat(text())
                .contains("! fault: SIGSTOP node 4 (PID 1003) for 3.0s", "fault ended: node 4 resumed (SIGCONT)");
    }

    @Test
    void aPausedNodeIsResumedOnceOnAnyWayOut() {
        injector.start(new PlannedFault.Pause(2, 5000, 1), session.processes().running());

        injector.resumePaused();
        injector.resumePaused();

        assertThat(tool.cluster.events).containsExactly("pause 2", "resume 2");
    }

    @Test
    void theEndOfTheScheduleResumesAnActivePause() {
        FaultInjector.ActiveFault pause = injector.start(
                new PlannedFault.Pause(2, 5000, 1), session.processes().running());

        injector.finish(pause, List.of(1, 2, 3, 4, 5));

        assertThat(tool.cluster.events)
                .filteredOn(event -> !event.startsWith("chaos"))
                .containsExactly("pause 2", "resume 2");
    }

    @Test
    void aPartitionAndItsHeal() {
        FaultInjector.ActiveFault cut = injector.start(
                new PlannedFault.Partition(List.of(1, 3), List.of(2, 4, 5), 2),
                session.processes().running());

        assertThat(cut.description()).isEqualTo("partition 1,3 | 2,4,5");
        assertThat(tool.cluster.chaosOf(3).blocked())
                .containsExactly("localhost:9001", "localhost:9003", "localhost:9004");
        injector.end(cut);
        assertThat(tool.cluster.chaosOf(3).blocked()).isEmpty();
        assertThat(history.history().faults())
                .extracting(Fault::detail)
                .containsExactly("1,3 2,4,5", "partition ended: cleared every injected fault on 5 node(s)");
        assertThat(text()).contains("! fault: partition 1,3 | 2,4,5", "fault ended: partition healed");
    }

    @Test
    void aNodeThatDoesNotComeBackLeavesTheClusterNotConverged() throws InterruptedException {
        tool.cluster.failLaunchOf(2);
        FaultInjector.ActiveFault kill =
                injector.start(new PlannedFault.Kill(2, 1), session.processes().running());
        injector.end(kill);
        assertThat(text()).contains("! fault: node 2 did not come back; trying again at the end");
        history.baseline(new Snapshots(session).take());

        SimulationConfig config = new SimulationConfig(2, 2000, "2", 1, List.of(FaultKind.KILL), 1, true);
        int exit = new SimulationEnd(session, config, new Snapshots(session), new OperationTally(0), history)
                .afterFaults(injector, null, List.of(1, 2, 3, 4, 5));

        assertThat(exit).isEqualTo(1);
        assertThat(tool.cluster.events)
                .filteredOn(event -> !event.startsWith("chaos"))
                .containsExactly("kill 2", "launch 2", "launch 2");
        assertThat(text())
                .contains(
                        "Waiting up to 60s for every node to converge ...",
                        "✗ NOT converged: node(s) 2 could not be restarted",
                        "History check: VALID");
        assertThat(tool.cluster.millis() - dev.distcounter.tool.FakeCluster.START_MILLIS)
                .as("it waited the whole minute")
                .isGreaterThanOrEqualTo(60_000);
    }

    private String text() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
